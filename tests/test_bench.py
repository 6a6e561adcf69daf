"""The benchmarks run end to end on tiny archives (their figures are not checked: not tests)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import CHROMIUM, REPO, _env
from reading_archive_dev.synthetic import generate_corpus


def bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "reading_archive", "bench", *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_bench_link_prints_its_steps() -> None:
    out = bench("link", "--articles", "60", "--terms", "40")
    for step in ("generate corpus", "parse seeds", "load glossary", "link articles"):
        assert re.search(rf"^{step}\s+\d", out, re.MULTILINE), step
    assert "reproduce: archive bench link --articles 60 --terms 40 --seed 0" in out


def test_bench_related_prints_precision() -> None:
    families = [
        "broad",
        *(
            ["focused", "crowded"]
            if importlib.util.find_spec("reading_archive_dev.story_families")
            else []
        ),
    ]
    out = bench("related", "--family", *families, "--articles", "60", "120", "--repeat", "1")
    for family in (
        families
    ):  # articles, stories, terms, time, CPU, CPU given words, one edit, in a new process, per
        # article, peak RSS, precision@5
        rows = re.findall(
            rf"^{family}\s+(\d+)\s+\d+\s+\d+\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s\s+\d+ ms\s+\d+ ms\s+"
            r"[\d.]+ ms\s+\+[\d.]+ MB\s+(?:0\.\d{3}|1\.000)\s",
            out,
            re.M,
        )
        assert len(rows) == 2, out
        assert re.search(
            rf"^  {family} \(now\): \d+ → \d+: time ×[\d.]+ for ×[\d.]+ articles, exponent",
            out,
            re.M,
        ), out
    assert re.search(r"^broad\s+\d+\s+now\s+\d+\s+[\d.]+%", out, re.M), (
        out
    )  # the mistakes of broad's stories
    assert (
        f"reproduce: archive bench related --family {' '.join(families)} --articles 60 120 "
        "--seed 0 --repeat 1" in out
    )


def test_bench_related_runs_a_baseline_on_the_wire_set(tmp_path: Path) -> None:
    """--baseline runs another checkout's related_for (here this one's tools/ again) beside this
    one's; --wire takes a labelled set (here a synthetic one, with a republished copy)."""
    corpus = generate_corpus(24, seed=1, glossary_terms=40)
    (tmp_path / "seeds").mkdir()
    labels = {}
    for article in corpus.articles:
        (tmp_path / "seeds" / article.name).write_text(article.text, encoding="utf-8")
        labels[article.name] = {"story": str(article.story), "copy_of": None}
    original = corpus.articles[0]
    copy = (
        original.text.replace(original.url, "https://example.org/copy").replace(" the ", " The ", 1)
        + "\nRepublished.\n"
    )
    (tmp_path / "seeds" / "z-copy.txt").write_text(copy, encoding="utf-8")
    labels["z-copy.txt"] = {"story": str(original.story), "copy_of": original.name}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    out = bench(
        "related",
        "--family",
        "wire",
        "--wire",
        str(tmp_path),
        "--baseline",
        str(REPO / "tools"),
        "--repeat",
        "1",
    )
    assert re.search(
        r"^wire\s+25\s+\d+\s+\d+\s+now\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s\s+\d+ ms\s+\d+ ms\s+"
        r"[\d.]+ ms\s+"
        r"\d+\.\d\d \(CPU \d+\.\d\d, given words \d+\.\d\d\)",
        out,
        re.M,
    ), out
    assert re.search(r"^wire\s+25\s+\d+\s+\d+\s+before\s+[\d.]+ s", out, re.M), out
    assert re.search(r"\s\d+ of 2\s+[\d.]+$", out, re.M), (
        out
    )  # copies found, of the 2 pairs (each way)
    assert f"related_for before: {REPO / 'tools' / 'reading_archive'} (" in out
    assert (
        f"--family wire --articles 1000 10000 --seed 0 --repeat 1 --baseline {REPO / 'tools'} "
        f"--wire {tmp_path}" in out
    )


def test_bench_build_measures_every_step() -> None:
    out = bench("build", "--articles", "30", "--repeat", "1")
    for label in ("a. convert from scratch", "b. convert, nothing changed",
                  "c. convert after editing one seed", "d. convert after adding one seed",
                  "e. mkdocs build", "f. mkdocs build", "g. mkdocs serve"):  # fmt: skip
        assert re.search(rf"^{re.escape(label)}.*\d+\.\d\d s", out, re.MULTILINE), label
    assert "search/search_index.json" in out and "failed" not in out
    # search: pagefind (the project's mkdocs.yml): Pagefind on its own, its index, a reader's query
    assert re.search(
        r"^h\. Pagefind alone on the site of e\s+\d+\.\d\d s\s+\d+ MB", out, re.MULTILINE
    ), out
    assert re.search(r"^pagefind/ \(Pagefind's index\)\s+[\d.]+ KB", out, re.MULTILINE), out
    if CHROMIUM.exists() or os.environ.get("CI"):
        for word, found in (
            ("common", r"3\d matching articles, the first 20 shown"),
            ("rare", r"1 matching article"),
        ):
            assert re.search(
                rf"^  30 articles, {word} word '\w+' \(in \d+ seeds?\): [\d.]+ KB in \d+ "
                rf"requests; {found}$",
                out,
                re.M,
            ), out


def test_bench_build_conversion_only_runs_the_conversion_steps() -> None:
    out = bench("build", "--articles", "30", "--repeat", "1", "--conversion-only")
    for label in ("a. convert from scratch", "b. convert, nothing changed",
                  "c. convert after editing one seed",
                  "d. convert after adding one seed"):  # fmt: skip
        assert re.search(rf"^{re.escape(label)}.*\d+\.\d\d s", out, re.MULTILINE), label
    assert (
        "e. mkdocs build" not in out
        and "search/search_index.json" not in out
        and "failed" not in out
    )
    assert (
        "reproduce: archive bench build --articles 30 --seed 0 --repeat 1 --conversion-only" in out
    )


def test_bench_anchor_prints_its_cases() -> None:
    out = bench("anchor", "--case", "repetitive", "context-400k")
    for case in ("repetitive", "context-400k"):
        # chars, time, CPU, memory
        row = rf"^{case}\s+[\d,]+\s+\d+\.\d\d s\s+\d+\.\d\d s\s+\+[\d.,]+ MB\s+\d exact"
        assert re.search(row, out, re.MULTILINE), out
    assert "reproduce: archive bench anchor --case repetitive context-400k --seed 0" in out


def test_bench_copies_prints_what_it_told() -> None:
    out = bench("copies", "--kind", "an agency credit after")
    row = r"^an agency credit after\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$"
    found = re.search(row, out, re.MULTILINE)
    assert found and int(found[1]) > 100, out
    assert 'reproduce: archive bench copies --kind "an agency credit after"' in out


def test_bench_step_needs_only_the_standard_library_at_module_level() -> None:
    """bench_step.py runs against an old checkout's tools/ (--baseline), which has no
    reading_archive_dev and maybe other libraries: loading it with no site-packages must work."""
    step = REPO / "tools" / "reading_archive_dev" / "bench_step.py"
    code = (
        "import runpy, sys; names = runpy.run_path(sys.argv[1]); print(sorted(n for n in "
        "('main', 'step_related') if n in names))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(step)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['main', 'step_related']"


def test_archive_bench_without_the_development_tools_says_where_they_are(
    monkeypatch, capsys
) -> None:
    """An archive installed from a wheel has no reading_archive_dev: `archive bench` says so,
    and every other command works as before."""
    from reading_archive.cli import main

    monkeypatch.setitem(sys.modules, "reading_archive_dev", None)  # what a missing package raises
    monkeypatch.setitem(sys.modules, "reading_archive_dev.bench", None)
    assert main(["bench", "link"]) == 2
    error = capsys.readouterr().err
    assert (
        "archive: bench: the benchmarks are development tools, in tools/reading_archive_dev/"
        in error
    )
    assert "Traceback" not in error
