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
