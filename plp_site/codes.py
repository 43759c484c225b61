"""The catalogue of finding codes: one stable code per kind of problem, its default severity and a summary.

The README's table and the troubleshooting guide are generated from this catalogue, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from plp_site.diagnostics import Finding, Severity
from plp_site.model import SourceLocation

__all__ = ["CODES", "Code", "finding"]


@dataclass(frozen=True)
class Code:
    """A finding code: what it means, how serious it is by default, and an example of the fix."""

    code: str
    severity: Severity
    summary: str
    fix: str
    example: str
    """A short snippet of what a student wrote that triggers this code."""


_E, _W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # Folders and files
        Code(
            "PLP001",
            _E,
            "student.yml is missing",
            "create student.yml with at least `name:` and `grade:`",
            "students/jordan-lee/\n    about-me.md\n    goals/\n    (no student.yml)",
        ),
        Code(
            "PLP002",
            _E,
            "a student folder name is not a valid id",
            "rename the folder to lowercase letters, digits and hyphens, e.g. jordan-lee",
            "students/Jordan Lee/\n    student.yml",
        ),
        Code(
            "PLP003",
            _E,
            "a file is not saved as UTF-8 text",
            "open the file and save it again with the UTF-8 encoding",
            'Me gusta el español.\n(about-me.md saved as "Western (Windows 1252)" instead of UTF-8)',
        ),
        Code(
            "PLP004",
            _E,
            "front matter or student.yml is not valid YAML",
            "fix the line shown: each line is `key: value`",
            "title: Robots: my first build",
        ),
        Code(
            "PLP005",
            _E,
            "a front matter block is never closed",
            "add a line with just `---` after the last front matter line",
            "---\ntitle: My robot arm\nskills: [problem-solving]\n\nThe arm can lift a paper cup.",
        ),
        Code(
            "PLP006", _E, "the same key is written twice", "keep one of the two lines", "status: not-started\nstatus: in-progress"
        ),
        Code(
            "PLP007",
            _E,
            "a file or a student folder is too large",
            "split the page, or make the photos smaller",
            "![my poster](data:image/png;base64,iVBORw0KGgoAAAANSUhEU...)\n(a photo pasted into the text: about-me.md is 3 MB)",
        ),
        Code(
            "PLP008",
            _E,
            "a file name does not follow the format",
            "rename reflections as YEAR-MONTH-DAY-title.md",
            "reflections/robots day.md",
        ),
        Code(
            "PLP009",
            _W,
            "a file is not part of the portfolio format and is not published",
            "move it into goals/, reflections/ or evidence/",
            "evidence/robot-arm.docx",
        ),
        Code(
            "PLP010",
            _E,
            "a symbolic link points outside the student's folder",
            "replace the link with a copy of the file",
            "evidence/photo.jpg\n(a shortcut to /home/jordan/Pictures/photo.jpg, not a copy)",
        ),
        Code(
            "PLP011",
            _E,
            "a file is not a normal file (a named pipe, a device or a socket) and is never opened",
            "delete it; only normal files (pages and photos) belong in the folder",
            "evidence/notes.md\n(a named pipe made with mkfifo, not a file)",
        ),
        Code(
            "PLP012",
            _E,
            "a student folder is a link to another folder",
            "delete the link; a student folder must be a real folder with that student's own files",
            "students/sam-lee -> jordan-lee\n(a shortcut to another student's folder)",
        ),
        Code(
            "PLP013",
            _E,
            "a symbolic link leads nowhere or round in a circle",
            "delete the link and put a copy of the file in its place",
            "evidence/loop.md -> loop.md\n(a shortcut to itself)",
        ),
        Code(
            "PLP014",
            _E,
            "a symbolic link points to a folder",
            "delete the link and put the files themselves in the folder",
            "evidence/pictures -> /home/jordan/Pictures\n(a shortcut to a folder, not a folder)",
        ),
        Code(
            "PLP015",
            _E,
            "front matter or student.yml uses a YAML anchor, alias or merge key",
            "write the value out in full, or put it in quotes if the `&` or `*` is part of the text",
            "title: *Very* proud of this",
        ),
        Code(
            "PLP016",
            _E,
            "front matter or student.yml has an invisible character YAML cannot read",
            "delete the character, or retype the line by hand",
            "name: Jordan Lee\n(with an invisible control character pasted in after Jordan)",
        ),
        Code(
            "PLP017",
            _E,
            "front matter or student.yml is nested too deeply",
            "write each field on one line as `name: value`",
            "skills: [[[[[[[[[[[[[[[[[[[[[communication]]]]]]]]]]]]]]]]]]]]]",
        ),
        # Fields
        Code(
            "PLP101",
            _E,
            "a required field is missing",
            "add the field, e.g. `title: My goal`",
            "---\nskills: [problem-solving]\n---\n(an evidence page with no `title:` line)",
        ),
        Code("PLP102", _E, "a field has the wrong kind of value", "write the value the way the message shows", "grade: ninth"),
        Code("PLP103", _E, "a date is not a date", "write dates as YEAR-MONTH-DAY, e.g. 2026-10-03", "date: Oct 3rd"),
        Code(
            "PLP104",
            _E,
            "a value is not one of the allowed ones or out of range",
            "use one of the values the message lists",
            "status: finished",
        ),
        Code("PLP105", _W, "a field is not known", "check the spelling of the field name", "titel: Robots day"),
        Code(
            "PLP106",
            _E,
            "a language is not a language code",
            "write the short code of the language, e.g. `language: es`",
            "language: Spanish",
        ),
        Code(
            "PLP107",
            _E,
            "the site has no words in the language asked for",
            "use one of the languages the message lists, or ask your teacher to add yours in mkdocs.yml",
            "language: de\n(and the school has no German words in mkdocs.yml)",
        ),
        # PLP sections
        Code(
            "PLP201",
            _E,
            "a required section is missing",
            "create the file the message names",
            "students/jordan-lee/student.yml says `grade: 9`,\nand there is no students/jordan-lee/postsecondary.md",
        ),
        Code(
            "PLP202",
            _E,
            "a required heading is missing",
            "add the heading, e.g. `## Strengths`",
            "# About me\n\n## Things I'm good at\n(instead of `## Strengths`)",
        ),
        Code(
            "PLP203",
            _E,
            "too few goals, reflections or evidence pages",
            "add another page with `plp new`",
            "students/jordan-lee/goals/\n(an empty folder)",
        ),
        Code(
            "PLP204",
            _E,
            "a skill id is not in the school's skills framework",
            "use one of the school's skill ids",
            "skills: [teamwork]",
        ),
        Code(
            "PLP205",
            _E,
            "an evidence page names no skills",
            "add `skills: [communication]` to its front matter",
            "skills: []  # on an evidence page",
        ),
        Code(
            "PLP206",
            _E,
            "a reflection points to a goal that does not exist",
            "use the file name of one of your goals, without .md",
            "goal: robot-arms  # the goal's file is goals/robot-arm.md",
        ),
        Code(
            "PLP207",
            _W,
            "a reflection's date differs from the date in its file name",
            "make the two dates the same",
            "date: 2026-10-04  # in reflections/2026-10-03-robots.md",
        ),
        Code(
            "PLP208",
            _W,
            "a guiding prompt from the template is still in place",
            "replace the prompt with your own words",
            "_✎ What will you do next?_",
        ),
        Code(
            "PLP209",
            _W,
            "a required heading has too few of your own words under it",
            "write about it in your own words below the heading (prompts and headings do not count)",
            "## Strengths\n\nDrawing.\n(1 of your own words; the school asks for at least 10)",
        ),
        Code(
            "PLP210",
            _W,
            "a page has too few of your own words to count",
            "write about it in your own sentences (prompts, headings and photos do not count)",
            "---\ndate: 2026-10-03\ntitle: Robots day\n---\n_✎ What did you do? What went well?_\n"
            "(the prompt is still there, and no words of your own)",
        ),
        Code(
            "PLP211",
            _W,
            "a date is in the future",
            "write the day it really happened, with the right year",
            "date: 2062-10-03  # meant 2026-10-03",
        ),
        # Images and links
        Code(
            "PLP301",
            _E,
            "an image or linked file does not exist",
            "check the file name and folder",
            "![my robot](images/robot.jpg)\n(there is no file evidence/images/robot.jpg)",
        ),
        Code(
            "PLP302",
            _E,
            "an image name differs only in upper/lower case",
            "write the name exactly as the file is called",
            "![my robot](images/Robot.JPG)\n(the file is called robot.jpg)",
        ),
        Code(
            "PLP303",
            _E,
            "an image has no alt text",
            "describe the picture between the brackets: `![a robot arm](robot.jpg)`",
            "![](images/robot.jpg)",
        ),
        Code(
            "PLP304",
            _E,
            "a link or image leaves the student's own folder",
            "keep files inside your folder and link to them from there",
            "[Maya's page](../maya-chen/about-me.md)",
        ),
        Code(
            "PLP305",
            _W,
            "a link points to a page that does not exist",
            "check the link target",
            "[my goal](goals/robot-arms.md)\n(the file is goals/robot-arm.md)",
        ),
        Code(
            "PLP306",
            _W,
            "a link points to a heading that is not on the page",
            "link to one of the page's headings: the heading in lower case, with - between words",
            "[final design](#final-desing)\n(the heading is ## Final design, so #final-design)",
        ),
        Code(
            "PLP401",
            _E,
            "an image is damaged or incomplete",
            "copy the image from the phone or camera again",
            "![my robot](images/robot.jpg)\n(robot.jpg was only half copied from the phone)",
        ),
        Code(
            "PLP402",
            _E,
            "an image's content does not match its extension",
            "rename the file to the right extension",
            "![my poster](images/poster.png)\n(poster.png is really a JPEG photo that was renamed)",
        ),
        Code(
            "PLP403",
            _E,
            "an image is far too large in pixels",
            "export a smaller copy of the image",
            "![the field](images/panorama.png)\n(the picture is 8000 x 6000 pixels)",
        ),
        Code(
            "PLP404",
            _W,
            "an animated image: only its first picture is shown",
            "use a still image, or link to a video",
            "![us dancing](images/dance.gif)\n(an animated GIF)",
        ),
        Code(
            "PLP405",
            _W,
            "an image file is very large for the repository",
            "export a smaller copy (about 2000 pixels wide)",
            "![the garden](images/IMG_0042.jpg)\n(a 15 MB photo straight from the camera)",
        ),
        Code(
            "PLP406",
            _E,
            "an image format that cannot be published",
            "save it as JPEG or PNG",
            "![my drawing](images/drawing.bmp)",
        ),
        Code(
            "PLP407",
            _E,
            "a PDF, video, recording or drawing is damaged or incomplete",
            "copy the file again, or export it again from the app you made it with",
            "![my talk](talk.mp4)\n(talk.mp4 was only half copied from the phone)",
        ),
        Code(
            "PLP408",
            _E,
            "a PDF, video, recording or drawing is really another kind of file than its name says",
            "rename the file to the ending the message names, or export it again",
            "![my song](song.mp3)\n(song.mp3 is really a WAV recording that was renamed)",
        ),
        Code(
            "PLP409",
            _E,
            "a PDF, video, recording or drawing is larger than the school's limit for its kind",
            "export a smaller copy (a video at 720p), or put it on the school's video or file service and link to it",
            "![robot run](robot.mov)\n(a 900 MB video straight from the phone)",
        ),
        Code(
            "PLP410",
            _E,
            "a video or recording is longer, or a PDF has more pages, than the school's limit",
            "trim the video or recording, or keep only the pages that show your work",
            "![the whole game](game.mp4)\n(a 40 minute video)",
        ),
        Code(
            "PLP411",
            _E,
            "a PDF, video, recording or drawing cannot be shown (locked, silent, too complicated or not readable)",
            "save or export it again as plain PDF, MP4, M4A or SVG",
            "[my essay](essay.pdf)\n(essay.pdf is locked with a password)",
        ),
        Code(
            "PLP412",
            _W,
            "a file is published without parts that could run or that were not safe (code, attached files, captions)",
            "nothing to do if the pages or pictures are what matters; share anything else as its own file",
            "[my essay](essay.pdf)\n(the PDF has a form and a script in it)",
        ),
        Code(
            "PLP413",
            _E,
            "a kind of file the school does not publish (3D models, ZIP, Word, slides, code)",
            "export it as PDF (or a picture), or put it on a file service and link to it",
            "[my robot model](robot.stl)",
        ),
        # Safety
        Code(
            "PLP501",
            _W,
            "raw HTML was removed because it is not allowed",
            "use Markdown instead of HTML",
            '<p style="color: red">My favourite part</p>',
        ),
        Code(
            "PLP502",
            _E,
            "a page has text that would take the site builder far too long to read",
            "close every [ with ] and every < tag with >, and put empty lines between long paragraphs",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n(and so on: thousands of [ that are never closed, in one paragraph)",
        ),
        Code(
            "PLP503",
            _E,
            "lists or quotes are nested too deeply to make a page",
            "use fewer levels of lists inside lists, or of > quotes inside quotes",
            "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - my idea",
        ),
        Code(
            "PLP504",
            _E,
            "HTML elements are nested too deeply to make a page",
            "close each HTML element you open, or write the page in Markdown",
            '<div markdown="1"><div markdown="1"><div markdown="1">...\n(and so on: hundreds of <div> inside each other)',
        ),
        Code(
            "PLP505",
            _E,
            "a page could not be made into a web page",
            "make the page simpler: fewer lists inside lists and fewer HTML blocks inside each other",
            "(a page nested so deeply that the Markdown converter gave up)",
        ),
        # Students' own repositories (roster.yml and plp sync)
        Code(
            "PLP601",
            _E,
            "roster.yml cannot be read as a list of students",
            "list each student as `- id: ...` with `repo: ...` (and, if needed, `branch: ...`) on the lines below it",
            "students:\n  - id: maya-chen\n    repository: git@github.com:gmuhs-plp/maya-chen.git\n"
            "(`repository:` instead of `repo:`)",
        ),
        Code(
            "PLP602",
            _E,
            "a student id in roster.yml is not a valid id",
            "write the id in lowercase letters, digits and hyphens, e.g. maya-chen",
            "  - id: Maya Chen",
        ),
        Code(
            "PLP603",
            _E,
            "roster.yml lists a student or a repository twice",
            "keep one entry for each student, each with the student's own repository",
            "  - id: maya-chen\n    repo: git@github.com:gmuhs-plp/maya-chen.git\n"
            "  - id: maya-chen\n    repo: git@github.com:gmuhs-plp/maya-chen.git",
        ),
        Code(
            "PLP604",
            _E,
            "a repository address in roster.yml is not one plp sync uses",
            "write the address as https://..., ssh://..., git@host:path, file:///... or an absolute path",
            "    repo: http://git.example.org/maya-chen.git",
        ),
        Code(
            "PLP605",
            _E,
            "a branch name in roster.yml is not a usable branch name",
            "write the branch's name as Git shows it, e.g. `branch: main`",
            "    branch: my portfolio",
        ),
        Code(
            "PLP606",
            _E,
            "a student's repository was not found, or this computer may not read it",
            "check the address in roster.yml, and ask the student to share the repository with the school's account",
            "    repo: git@github.com:gmuhs-plp/maya-chen.git\n(the repository is really called maya-chen-plp)",
        ),
        Code(
            "PLP607",
            _E,
            "signing in to a student's repository failed",
            "set up this computer's key or saved sign-in for the repository's server, then run plp sync again",
            "    repo: git@github.com:gmuhs-plp/maya-chen.git\n(this computer has no SSH key that the server accepts)",
        ),
        Code(
            "PLP608",
            _E,
            "the branch roster.yml names is not in the student's repository",
            "write the name of a branch the repository has, or leave `branch:` out to use its main branch",
            "    branch: plp\n(the student's repository only has the branch main)",
        ),
        Code(
            "PLP609",
            _E,
            "a student's repository could not be reached or read in time",
            "check the network and the address, and run plp sync again; nothing in the student's folder was changed",
            "    repo: https://git.example.org/maya-chen.git\n(the server does not answer)",
        ),
        Code(
            "PLP610",
            _E,
            "a student's repository is not a PLP: it has no student.yml at its top",
            "ask the student to keep their PLP (student.yml, about-me.md, goals/ ...) at the top of the repository",
            "maya-chen.git\n    plp/student.yml\n(student.yml is in a folder instead of at the top)",
        ),
        Code(
            "PLP611",
            _E,
            "a student's folder is not a copy of the repository roster.yml names",
            "move the folder out of students/ (keep it until its work is safe), then run plp sync again",
            "students/maya-chen/\n(a folder made by hand, or a copy of another repository)",
        ),
        Code(
            "PLP612",
            _E,
            "a student's folder has changes that are not in the student's repository, so it was not updated",
            "ask the student to put those changes in their repository, or move the folder away and run plp sync again",
            "students/maya-chen/about-me.md\n(edited on the school's computer, not in the student's repository)",
        ),
        Code(
            "PLP613",
            _E,
            "a student's repository and folder have different histories, so the folder was not updated",
            "check that nothing in the folder is lost, then move the folder away and run plp sync again to copy it afresh",
            "students/maya-chen/\n(the student rewrote the repository's history with a force push)",
        ),
        # Conference records (conferences/<YYYY-MM-DD>.md)
        Code(
            "PLP701",
            _E,
            "a conference record's file name is not the date of the conference",
            "name the record YEAR-MONTH-DAY.md, the day of the conference",
            "students/jordan-lee/conferences/spring-conference.md",
        ),
        Code(
            "PLP702",
            _W,
            "a conference record's date differs from the date in its file name",
            "make the two dates the same",
            "date: 2026-04-03  # in conferences/2026-04-02.md",
        ),
        Code(
            "PLP703",
            _E,
            "a conference record lacks one of the school's headings",
            "add the heading, e.g. `## What my family said`, and write what was said below it",
            "## What I shared\n...\n## Next steps we agreed\n...\n(no `## What my family said`)",
        ),
        Code(
            "PLP704",
            _W,
            "a conference record's language is not a language plp knows",
            "write the short code of the language the conversation was in, e.g. `language: ne` for Nepali",
            "language: np  # meant ne, Nepali",
        ),
        Code(
            "PLP705",
            _W,
            "student.yml's last_conference differs from the newest conference record",
            "write the newest record's date in student.yml, or leave the line out: the records say it",
            "last_conference: 2026-03-20\n(and the newest record is conferences/2026-04-02.md)",
        ),
        Code(
            "PLP706",
            _W,
            "a goal was agreed at a conference that has no record",
            "write the date of a conference record in conferences/, or add the record with `plp new conference`",
            "agreed_at: 2026-04-03\n(and the record is conferences/2026-04-02.md)",
        ),
        # Goals over the years (`set:` and `met:` of a goal)
        Code(
            "PLP801",
            _W,
            "a goal has a date it was met, but its status is not met",
            "write `status: met`, or take out the `met:` line until you meet the goal",
            "status: in-progress\nmet: 2026-05-20",
        ),
        Code(
            "PLP802",
            _W,
            "a goal's dates are in the wrong order",
            "a goal is set first, then met; its target is after the day it was set",
            "set: 2026-09-15\nmet: 2025-05-20  # meant 2026-05-20",
        ),
        # The site build
        Code(
            "PLP901",
            _W,
            "MkDocs reported a problem while building the site",
            "follow MkDocs' message",
            "[my notes](notes.txt)\n(notes.txt is not published, so MkDocs finds a broken link)",
        ),
        Code(
            "PLP902",
            _E,
            "a student's site took longer to build than the school allows",
            "split the page the message names into smaller pages, and take out long runs of symbols like [[[[ or <<<<",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n(and so on: thirty thousand [ on one line of a reflection)",
        ),
        Code(
            "PLP903",
            _E,
            "a student's site build stopped unexpectedly",
            "build again; if it stops at the same page again, make that page smaller or simpler",
            "reflections/2026-10-03-trip.md\n(a page so large and tangled that building it used up the computer's memory)",
        ),
    )
}


def finding(code: str, location: SourceLocation, message: str, hint: str) -> Finding:
    """A finding with the catalogue's default severity for its code."""
    return Finding(code, CODES[code].severity, location, message, hint)
