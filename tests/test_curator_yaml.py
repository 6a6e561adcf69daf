"""Curator YAML (sidecars, glossary front matter) and curator files: whatever a pull request
puts there costs time and memory in proportion to its size, ends in one-line messages that
name the file and line, and is read only from regular files."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED, _env
from reading_archive.enrich.glossary import MAX_TERM_BYTES, TermError, load_glossary, parse_term
from reading_archive.enrich.sidecar import SidecarError, parse_sidecar
from reading_archive.model import Problem
from reading_archive.read.curator_yaml import MAX_DEPTH

# Nine levels of nine aliases of the level before: 342 bytes that stand for 9⁹ strings.
ALIAS_BOMB = '\n'.join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{name}: &{name} [{','.join([f'*{before}'] * 9)}]"
       for before, name in zip("abcdefgh", "bcdefghi", strict=False)]
) + "\n"  # fmt: skip
NESTED_999 = "tags: " + "{a: " * 999 + "}" * 999 + "\n"  # Python's stack is a thousand calls deep
TERM = "---\nterm: Grain corridor\ntype: concept\nsummary: A shipping lane.\n---\n\nText.\n"
SECOND_SEED = "Grain Talks Resume\n\nDecember 02, 2021\n\nBody about grain.\n\nOriginal url: https://example.org/1\n"
TIMEOUT = (
    60  # seconds for a command that takes one or two: a hang fails instead of stalling the suite
)
MEMORY = (
    2 * 1024**3
)  # bytes of address space for it: an expansion fails instead of eating the machine


def sidecar_problems(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(SidecarError) as raised:
        parse_sidecar(data, "seeds/x.yml")
    return [str(problem) for problem in raised.value.problems]


def term_problem(text: str) -> str:
    with pytest.raises(TermError) as raised:
        parse_term(text, "x", "glossary/x.md")
    return str(raised.value.problem)


# --- refused YAML, with the file's line --------------------------------------------------

# (sidecar, its one problem)
REFUSED_SIDECARS = [
    # (The alias bomb itself is tried only through the command, with its memory bounded.)
    (
        "tags: &t [x, y]\nterms: [*t, *t]\n",
        "seeds/x.yml:1: error: YAML anchor '&t' is not allowed: write each value out in full",
    ),
    (
        "tags: [x]\nsummary: *s\n",
        "seeds/x.yml:2: error: YAML alias '*s' is not allowed: write the value out in full",
    ),
    (
        NESTED_999,
        f"seeds/x.yml:1: error: lists and mappings nested more than {MAX_DEPTH} levels deep; "
        f"{MAX_DEPTH} is the limit",
    ),
    (
        "annotations:\n" + "".join(" " * depth + "-\n" for depth in range(990)),
        f"seeds/x.yml:{MAX_DEPTH + 1}: error: lists and mappings nested more than {MAX_DEPTH} "
        f"levels deep; {MAX_DEPTH} is the limit",
    ),
    (
        "title: ok\nsummary: fine\ntags: [a\x07]\n",
        "seeds/x.yml:3: error: character U+0007 is not allowed in YAML: remove it",
    ),
    (
        "title: 'a\u2028b'\nsummary: x\x1b\n",
        "seeds/x.yml:2: error: character U+001B is not allowed in YAML: remove it",
    ),
    (
        "title: 'a\u2028b\x85c'\ntags: [x, x]\n",
        "seeds/x.yml:2: error: tag 'x' is listed twice",
    ),  # lines as editors count them
    (
        "title: " + "1" * 5000 + "\n",
        "seeds/x.yml:1: error: not valid YAML: '1111111111111111111111111111111111111",
    ),
    (
        "date: !!timestamp 2021-02-30\n",
        "seeds/x.yml:1: error: not valid YAML: '2021-02-30' cannot be read as timestamp",
    ),
    (
        "tags: [x]\ndate: !!timestamp soon\n",
        "seeds/x.yml:2: error: not valid YAML: 'soon' cannot be read as timestamp",
    ),
    (
        "annotations:\n  - quote: a\n    body: b\n    quote: c\n",
        "seeds/x.yml:4: error: 'quote' is given twice",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REFUSED_SIDECARS)
def test_refused_sidecar_yaml_is_one_line_naming_the_line(text: str, expected: str) -> None:
    (problem,) = sidecar_problems(text)
    assert problem.startswith(expected)
    assert "\n" not in problem


# (front matter, its problem): the front matter starts on line 2 of the file
REFUSED_TERMS = [
    (
        "term: X\ntype: place\nsummary: A.\nsummary: B.\n",
        "glossary/x.md:5: error: 'summary' is given twice",
    ),
    (
        "term: X\ntype: place\nsummary: A.\nreferences:\n  - title: T\n    url: https://a.b/\n  "
        "  title: U\n",
        "glossary/x.md:8: error: 'title' is given twice",
    ),
    (
        "term: &t X\ntype: place\nsummary: A.\n",
        "glossary/x.md:2: error: YAML anchor '&t' is not allowed",
    ),
    (
        "term: X\ntype: place\nsummary: A.\naliases: " + "{a: " * 999 + "}" * 999 + "\n",
        "glossary/x.md:5: error: lists and mappings",
    ),
    (
        "term: X\ntype: place\nsummary: A.\u0007\n",
        "glossary/x.md:4: error: character U+0007 is not allowed in YAML",
    ),
    (
        "term: X\ntype: place\nsummary: !!timestamp 2021-02-30\n",
        "glossary/x.md:4: error: not valid YAML: '2021-02-30'",
    ),
]


@pytest.mark.parametrize(("front_matter", "expected"), REFUSED_TERMS)
def test_refused_glossary_yaml_is_one_line_naming_the_line(
    front_matter: str, expected: str
) -> None:
    problem = term_problem(f"---\n{front_matter}---\n\nText.\n")
    assert problem.startswith(expected)
    assert "\n" not in problem


def test_a_glossary_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_text(TERM + "x" * MAX_TERM_BYTES, encoding="utf-8")
    (tmp_path / "ok.md").write_text(TERM.replace("Grain corridor", "Other"), encoding="utf-8")
    glossary, problems = load_glossary(tmp_path, tmp_path)
    assert [str(p) for p in problems] == [
        "big.md: error: file is larger than 262,144 bytes, the limit for a glossary entry"
    ]
    assert [term.id for term in glossary.terms] == ["ok"]


# --- arbitrary input -----------------------------------------------------------------------

FRAGMENTS = [
    "title:", "date:", "tags:", "summary:", "terms:", "annotations:", "term:", "type:", "aliases:",
    "references:", "quote:", "body:", "url:", "- ", "? ", ": ", "<<: ", "&a ", "*a", "&b ", "*b",
    "[", "]", "{", "}", ",", "'", '"', "|", ">-", "#", "---", "...", "!!python/object:os.system ",
    "!!timestamp ", "!!int ", "!!float ", "!!binary ", "!!set ", "!!omap ", "!!str ", "%YAML 1.1",
    "2021-02-30", "2021-12-08", "1" * 4400, "0x1F", "1e999", "~", "null", "\x07", "\x00", "\x1b",
    "\x85", "\u2028", "\u2029", "\ufeff", "\r", "\t", "é", "😀", "\\", "\\n",
]  # fmt: skip
yaml_ish_lines = st.tuples(
    st.integers(0, 8).map(" ".__mul__),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=8).map(" ".join),
).map("".join)
yaml_ish = st.lists(yaml_ish_lines, max_size=25).map("\n".join)
# The same key twice, nesting a few levels past the limit, anchors and their aliases.
nested = st.integers(1, MAX_DEPTH + 4).map(lambda depth: "tags: " + "[" * depth + "x" + "]" * depth)
duplicated = st.sampled_from(["title", "term", "summary", "tags"]).map(
    lambda key: f"{key}: a\n{key}: b"
)
aliased = st.integers(1, 4).map(
    lambda n: "a: &a [x, x]\n" + "".join(f"b{i}: [*a, *a]\n" for i in range(n))
)
curator_yaml = st.one_of(yaml_ish, nested, duplicated, aliased, st.text(max_size=300))
BOUNDED = settings(
    max_examples=300, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow]
)


def assert_one_line_naming(problems: list[Problem], path: str) -> None:
    assert problems
    for problem in problems:
        assert problem.path == path
        assert problem.message and "\n" not in problem.message and "\r" not in problem.message
        assert problem.line is None or problem.line >= 1


@BOUNDED
@given(
    st.one_of(
        curator_yaml.map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.binary(max_size=400),
    )
)
def test_any_sidecar_is_read_or_refused_with_one_line_messages(data: bytes) -> None:
    try:
        parse_sidecar(data, "seeds/x.yml")
    except SidecarError as error:
        assert_one_line_naming(error.problems, "seeds/x.yml")


@BOUNDED
@given(curator_yaml, st.text(max_size=80))
def test_any_glossary_file_is_read_or_refused_with_one_line_messages(
    front_matter: str, body: str
) -> None:
    for text in (f"---\n{front_matter}\n---\n{body}", front_matter):
        try:
            parse_term(text, "x", "glossary/x.md")
        except TermError as error:
            assert_one_line_naming([error.problem], "glossary/x.md")


glossary_files = st.one_of(
    curator_yaml.map(lambda text: f"---\n{text}\n---\n".encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
)


@BOUNDED
@given(st.lists(glossary_files, min_size=1, max_size=3))
def test_any_glossary_folder_loads_with_a_message_for_each_broken_file(files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for number, data in enumerate(files):
            (root / f"t{number}.md").write_bytes(data)
        glossary, problems = load_glossary(root, root)
    for problem in problems:
        assert problem.path in {f"t{number}.md" for number in range(len(files))}
        assert problem.message and "\n" not in problem.message
    assert len(glossary.terms) + len({p.path for p in problems}) >= len(
        files
    )  # each file used or reported


# --- through the real command ----------------------------------------------------------------


def check(project: Path, command: str = "check") -> subprocess.CompletedProcess[str]:
    """`archive check` (or convert) as a user runs it, in bounded time and memory."""
    return subprocess.run(
        [sys.executable, "-m", "reading_archive", "-f", str(project / "mkdocs.yml"), command],
        cwd=project, capture_output=True, text=True, env=_env(), timeout=TIMEOUT,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY)),
    )  # fmt: skip


def two_articles(project: Path) -> None:
    """The real seed, and a second article for the hostile files to sit beside."""
    (project / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
    (project / "seeds" / "001_grain.txt").write_text(SECOND_SEED, encoding="utf-8")


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return [line for line in result.stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize(
    ("sidecar", "error"),
    [
        (
            ALIAS_BOMB,
            "seeds/001_grain.yml:1: error: YAML anchor '&a' is not allowed: write each value "
            "out in full",
        ),
        (
            NESTED_999,
            f"seeds/001_grain.yml:1: error: lists and mappings nested more than {MAX_DEPTH} "
            "levels deep",
        ),
        (
            "tags: [grain]\nsummary: Talks\x07.\n",
            "seeds/001_grain.yml:2: error: character U+0007 is not allowed in YAML",
        ),
    ],
    ids=["alias-bomb", "nested-999", "control-character"],
)
def test_hostile_sidecar_is_refused_quickly_and_both_articles_convert(
    empty_project: Path, sidecar: str, error: str
) -> None:
    two_articles(empty_project)
    (empty_project / "seeds" / "001_grain.yml").write_text(sidecar, encoding="utf-8")
    result = check(empty_project)
    assert result.returncode == 1
    (line,) = errors(result)
    assert line.startswith(error)

    convert = check(empty_project, "convert")
    assert errors(convert) == [line]
    month = empty_project / "content" / "articles" / "2021" / "12"
    assert (month / "grain-talks-resume.md").is_file()  # built from its seed alone
    assert (month / "putin-says-russia-has-right-to-defend-its-security.md").is_file()


def test_duplicate_glossary_key_is_an_error_naming_its_line(empty_project: Path) -> None:
    two_articles(empty_project)
    (empty_project / "glossary" / "grain-corridor.md").write_text(
        TERM.replace("---\n\n", "type: place\n---\n\n"), encoding="utf-8"
    )
    result = check(empty_project)
    assert result.returncode == 1
    assert errors(result) == ["glossary/grain-corridor.md:5: error: 'type' is given twice"]


def make_kind(path: Path, kind: str) -> None:
    if kind == "FIFO":
        os.mkfifo(path)
    else:
        path.mkdir()


@pytest.mark.parametrize("kind", ["FIFO", "folder"])
def test_only_regular_files_are_read_from_glossary_and_seeds(
    empty_project: Path, kind: str
) -> None:
    two_articles(empty_project)
    for name in ("glossary/x.md", "seeds/x.txt", "seeds/001_grain.yml"):
        make_kind(empty_project / name, kind)
    what = "a named pipe (FIFO)" if kind == "FIFO" else "a folder"
    result = check(empty_project)  # a FIFO opened for reading would wait for a writer
    assert result.returncode == 1
    assert errors(result) == [
        f"glossary/x.md: error: is {what}; a glossary entry must be a regular file",
        f"seeds/001_grain.yml: error: is {what}; a sidecar must be a regular file in the seeds "
        "folder",
        f"seeds/x.txt: error: is {what}; a seed must be a regular file in the seeds folder",
    ]


def test_a_fifo_in_the_glossary_does_not_stall_mkdocs_build(empty_project: Path) -> None:
    two_articles(empty_project)
    os.mkfifo(empty_project / "glossary" / "x.md")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(empty_project / "mkdocs.yml")],
        cwd=empty_project, capture_output=True, text=True, env=_env(), timeout=TIMEOUT * 4,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    assert (
        "glossary/x.md: error: is a named pipe (FIFO); a glossary entry must be a regular file"
        in build.stderr
    )
    assert (empty_project / "site" / "glossary" / "quint" / "index.html").is_file()
