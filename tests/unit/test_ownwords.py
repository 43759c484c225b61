"""plp_site.ownwords: the student's own words of a page, counted in every script, without what is not theirs."""

from __future__ import annotations

import itertools
import random
from importlib import resources

import pytest

from plp_site.ownwords import count_words, own_text, own_words

# Sentences of a known number of words, in the scripts of the shipped languages and others students write in.
SENTENCES = {
    "en": ("I built a robot arm that lifts a paper cup", 10),
    "es": ("Ayudo a mi familia en la tienda los sábados", 9),
    "fr": ("J'aime dessiner des bandes dessinées avec mon frère", 8),
    "ne": ("मेरो नाम बिशाल हो र म मोमो बनाउन सिक्दैछु", 9),
    "ar": ("أحب الرياضيات لأنني أستطيع حل المسائل خطوة بخطوة", 8),
    "sw": ("Ninapenda kucheza mpira wa miguu na marafiki zangu", 8),
    "ru": ("Я люблю читать книги о космосе", 6),
    "ko": ("나는 친구들과 함께 로봇을 만들었다", 5),
    "hi": ("मुझे विज्ञान और गणित पसंद है", 6),
    "he": ("אני אוהבת לצייר ולשחק כדורגל", 5),
    "el": ("Μου αρέσει πολύ η μουσική", 5),
}
# Written without spaces between words: each Chinese or Japanese character is one word.
CJK = {"zh": "我喜欢和朋友一起做机器人", "ja": "わたしはロボットをつくりました", "zh-hant": "我們學習數學"}
PUNCTUATION = [".", ",", "!", "?", "…", "—", ";", ":", "«", "»", "“", "”", "।", "،", "؟", "。", "、", "🎉", "*", "_"]


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_each_script_counts_its_words(language: str) -> None:
    sentence, words = SENTENCES[language]
    assert count_words(sentence) == words


@pytest.mark.parametrize("seed", range(40))
def test_punctuation_spacing_and_repetition_never_change_the_count(seed: int) -> None:
    generator = random.Random(seed)
    language = generator.choice(sorted(SENTENCES))
    sentence, words = SENTENCES[language]
    times = generator.randint(1, 4)
    pieces = []
    for word in " ".join([sentence] * times).split():
        mark = generator.choice(PUNCTUATION) if generator.random() < 0.4 else ""
        space = generator.choice([" ", "  ", "\t", "\u00a0", "\n", " \u3000 "])
        pieces.append(word + mark + space)
    assert count_words("".join(pieces)) == words * times, "".join(pieces)


@pytest.mark.parametrize("language", sorted(CJK))
def test_chinese_and_japanese_count_each_character(language: str) -> None:
    text = CJK[language]
    assert count_words(text) == len(text)
    assert count_words(f"{text}。{text}！") == 2 * len(text)
    assert count_words(f"Robot {text} arm") == len(text) + 2


def test_thai_counts_about_one_word_per_four_characters() -> None:
    assert count_words("ภาษาไทย") == 2
    assert count_words("ฉันชอบเรียนคณิตศาสตร์มาก") in range(4, 8)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("don't", 1),
        ("rock’n’roll", 1),
        ("well-known", 1),
        ("3.5 cm", 2),
        ("e.g. this", 2),
        ("a--b", 2),
        ("'quoted'", 1),
        ("snake_case", 2),
        ("🎉 🎉 🎉", 0),
        ("— … ·", 0),
        ("", 0),
        ("2026", 1),
        ("١٢٣ ٤٥٦", 2),
        ("بِسْمِ ٱللَّٰهِ", 2),
        ("می\u200cخواهم", 1),
    ],
)
def test_word_boundaries(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("line", "seen"),
    [
        ("See [my robot](../robot/ 'the robot page') now", "See my robot now"),
        ("![a red robot arm](images/arm.png)", ""),
        ("[![arm](images/arm.png)](images/arm.png) my arm", "my arm"),
        ("Read <https://example.org/page> and www.arduino.cc today", "Read and today"),
        ("<img src='x.png' alt='many words of alt text'> after", "after"),
        ("<b>bold</b> and <span title='a b c'>text</span>", "bold and text"),
        ("[arduino]: https://www.arduino.cc 'The Arduino site'", ""),
        ("A footnote[^1] here", "A footnote here"),
        ("Big title {: .big #id }", "Big title"),
        ("- [x] 12. step done", "step done"),
        ("> > quoted words", "quoted words"),
        ("1. first thing", "first thing"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("_✎ a prompt left on the line_ and my answer", "and my answer"),
        ('!!! note "My own title"', '"My own title"'),
    ],
)
def test_own_text_leaves_out_what_is_not_read_as_words(line: str, seen: str) -> None:
    assert " ".join(own_text(line).split()) == seen


def _template(language: str, kind: str) -> str:
    return (resources.files("plp_site") / "scaffold" / language / f"{kind}.md").read_text(encoding="utf-8")


LANGUAGES = sorted(p.name for p in (resources.files("plp_site") / "scaffold").iterdir() if p.is_dir())
KINDS = ("about-me", "goal", "reflection", "evidence", "postsecondary")


@pytest.mark.parametrize(("language", "kind"), list(itertools.product(LANGUAGES, KINDS)))
def test_a_template_has_no_own_words_with_or_without_its_prompts(language: str, kind: str) -> None:
    text = _template(language, kind)
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    assert own_words(body).total == 0
    # The prompts' text without the prompt marks, or without the ✎, is still the template's, not the student's.
    assert own_words(body.replace("_✎ ", "✎ ").replace("_\n", "\n")).total == 0
    assert own_words(body.replace("_✎ ", "").replace("_\n", "\n")).total == 0
    # Prompts deleted, nothing written: still nothing of the student's own.
    assert own_words("\n".join(line for line in body.split("\n") if "✎" not in line)).total == 0


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_own_words_keep_their_lines_and_skip_headings_comments_and_code(language: str) -> None:
    sentence, words = SENTENCES[language]
    body = "\n".join(
        [
            "# My page",  # 5
            "",
            sentence,  # 7
            "<!-- a comment with words",
            "over two lines -->",
            "```",
            "code words here",
            "```",
            "Underlined heading",
            "------------------",
            f"- {sentence} ![a photo](images/x.jpg)",  # 15
            "    indented after a list item, still the list's",  # 16
            "",
            f"Inline `code span` {sentence}",  # 18
            "",
            "    an indented code block",
        ]
    )
    counted = own_words(body, first_line=5)
    assert counted.by_line == ((7, words), (15, words), (16, 8), (18, 1 + words))
    assert counted.total == 3 * words + 9
    assert counted.between(8, 15) == words


def test_a_long_line_of_brackets_is_read_quickly_and_counts_nothing() -> None:
    # Linear patterns: thousands of unclosed brackets are no problem (the build refuses such pages elsewhere).
    assert own_words("[" * 50_000 + "](" * 20_000 + "<" * 20_000).total == 0


def test_a_line_that_starts_with_a_tab_inside_a_paragraph_is_prose() -> None:
    assert own_words("First line of my paragraph\n\tgoes on after a tab").by_line == ((1, 5), (2, 5))
