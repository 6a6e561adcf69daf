"""Every message is one `path:line: severity: message` line, whatever the names and texts hold:
control characters are escaped, and a path that could be misread is quoted as git quotes it
(base/one_line.py)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED, mkdocs_build, run_archive
from reading_archive.base.one_line import escaped_text, quoted_path
from reading_archive.model import Problem

# A parser of the text format, as an editor's problem matcher or a script reads it: a path
# that begins with `"` is quoted; any other has no colon.
MESSAGE = re.compile(
    r'(?P<path>"(?:[^"\\]|\\.)*"|[^":][^:]*)(?::(?P<line>\d+))?: (?P<severity>error|warning): '
    r"(?P<message>.*)"
)
_ESCAPE = re.compile(r'\\(?:([nrt"\\])|x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))')
# Characters that end or reorder a line, or that a terminal does not show.
_BREAKING = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def unquoted(path: str) -> str:
    if not path.startswith('"'):
        return path
    named = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
    return _ESCAPE.sub(
        lambda m: named[m[1]] if m[1] else chr(int(m[2] or m[3] or m[4], 16)), path[1:-1]
    )


def parsed(line: str) -> tuple[str, int | None, str, str]:
    match = MESSAGE.fullmatch(line)
    assert match is not None, line
    return (
        unquoted(match["path"]),
        int(match["line"]) if match["line"] else None,
        match["severity"],
        match["message"],
    )


NO_DATE = "Title only\n\nNot a date\n\nBody.\n\nOriginal url: https://e.org/x\n"
HOSTILE_NAMES = [
    "a\n000_forged.txt:1: error: injected.txt",  # a line break that would start a forged problem
    "b:1: error: forged.txt",
    "c\r.txt",
    "d\u202etxt.exe.txt",  # right-to-left override
    "e\u2028f.txt",  # line separator
    'g "quoted" \\ back\tslash.txt',
]


def test_check_prints_one_line_per_problem_and_each_name_comes_back(empty_project: Path) -> None:
    seeds = empty_project / "seeds"
    shutil.copy(SEED, seeds)
    for name in HOSTILE_NAMES:
        (seeds / name).write_text(NO_DATE, encoding="utf-8")
    os.close(
        os.open(os.fsencode(seeds) + b"/h\xff.txt", os.O_CREAT | os.O_WRONLY)
    )  # a name that is not UTF-8: empty
    result = run_archive(empty_project, "check")
    assert result.returncode == 1
    *lines, total = result.stderr.splitlines()
    assert total == f"{len(HOSTILE_NAMES) + 1} errors"
    problems = [parsed(line) for line in lines if ": warning: " not in line]
    expected = [(f"seeds/{name}", 3, "error") for name in HOSTILE_NAMES] + [
        ("seeds/h\udcff.txt", None, "error")
    ]
    assert sorted(problem[:3] for problem in problems) == sorted(expected)
    for line in lines:
        assert not _BREAKING.search(line), line
    assert '"seeds/b:1: error: forged.txt":3: error: ' in result.stderr  # quoted as git quotes
    assert (
        f"seeds/{SEED.name}:" in result.stderr
    )  # an ordinary name stays as it is (a warning on the real seed)


def test_a_control_character_in_a_seed_is_escaped_in_the_message(empty_project: Path) -> None:
    (empty_project / "seeds" / "001_bidi.txt").write_text(
        "A Title\n\nDecember 08, 2021 \u202e1202 ,80 rebmeceD\x1b[2J\n\nBody.\n\nOriginal url: https://e.org/x\n",
        encoding="utf-8",
    )
    result = run_archive(empty_project, "check")
    (line, total) = result.stderr.splitlines()
    assert total == "1 error"
    assert parsed(line)[:3] == ("seeds/001_bidi.txt", 3, "error")
    assert "\\u202e1202 ,80 rebmeceD" in line and "\x1b" not in line


def test_add_quotes_the_name_it_was_given(project: Path, tmp_path: Path) -> None:
    incoming = tmp_path / "in\n:1: error: coming.txt"
    incoming.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")  # a duplicate
    result = run_archive(project, "add", str(incoming))
    assert result.returncode == 1
    (line, total) = result.stderr.splitlines()
    assert parsed(line)[0] == str(incoming)
    assert line.startswith('"') and '\\n:1: error: coming.txt":' in line


def test_the_plugin_logs_one_line_per_problem(empty_project: Path) -> None:
    seeds = empty_project / "seeds"
    shutil.copy(SEED, seeds)
    (seeds / HOSTILE_NAMES[0]).write_text("Title only\n\nNot a date\n\nBody.\n", encoding="utf-8")
    result = mkdocs_build(empty_project, strict=False)
    assert result.returncode == 0, result.stderr
    (line,) = [
        line for line in result.stderr.splitlines() if "injected" in line or "forged" in line
    ]
    assert line.startswith("WARNING")
    assert '"seeds/a\\n000_forged.txt:1: error: injected.txt":3: error: ' in line


# --- the escaping on its own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("seeds/000_7700cad70c87f25c.txt", "seeds/000_7700cad70c87f25c.txt"),
        ("seeds/Путин заявил.txt", "seeds/Путин заявил.txt"),
        (
            "seeds/family 👨\u200d👩\u200d👧.txt",
            "seeds/family 👨\u200d👩\u200d👧.txt",
        ),  # joiners stay
        ("seeds/no-break\u00a0space.txt", "seeds/no-break\u00a0space.txt"),
        ("seeds/a:1: error: b.txt", '"seeds/a:1: error: b.txt"'),
        ("seeds/a\nb.txt", '"seeds/a\\nb.txt"'),
        ('seeds/"q" \\.txt', '"seeds/\\"q\\" \\\\.txt"'),
        (
            "seeds/\u202eevil\u2029\x00\U000e0001.txt",
            '"seeds/\\u202eevil\\u2029\\x00\\U000e0001.txt"',
        ),
        ("<stdin>", "<stdin>"),
    ],
)
def test_quoted_path(path: str, shown: str) -> None:
    assert quoted_path(path) == shown


def test_problem_is_one_line() -> None:
    problem = Problem("seeds/a\n:2: error: b.txt", 5, "found 'x\ny\u2028z'", "warning")
    assert str(problem) == "\"seeds/a\\n:2: error: b.txt\":5: warning: found 'x\\ny\\u2028z'"
    assert str(Problem("seeds/a.txt", None, "plain")) == "seeds/a.txt: error: plain"


SEVERITIES = ["error", "warning"]


@settings(max_examples=1000, deadline=None)
@given(
    st.text(),
    st.none() | st.integers(min_value=1, max_value=9999),
    st.text(),
    st.sampled_from(SEVERITIES),
)
def test_any_problem_prints_as_one_line_that_parses_back(
    path: str, line: int | None, message: str, severity: str
) -> None:
    path = path or "x"
    shown = str(Problem(path, line, message, severity))  # type: ignore[arg-type]
    assert not _BREAKING.search(shown)
    assert len(shown.splitlines()) == 1
    assert parsed(shown)[:3] == (path, line, severity)
    assert parsed(shown)[3] == escaped_text(message)
