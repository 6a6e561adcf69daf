"""The benchmarks run end to end on tiny archives (their figures are not checked: they are not tests)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import CHROMIUM, _env


def bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "reading_archive", "bench", *args], capture_output=True, text=True, env=_env(), timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_bench_link_prints_its_steps() -> None:
    out = bench("link", "--articles", "60", "--terms", "40")
    for step in ("generate corpus", "parse seeds", "load glossary", "link articles"):
        assert re.search(rf"^{step}\s+\d", out, re.MULTILINE), step
    assert "reproduce: archive bench link --articles 60 --terms 40 --seed 0" in out


def test_bench_related_prints_precision() -> None:
    out = bench("related", "--articles", "60", "120", "--repeat", "1")
    rows = re.findall(r"^\s+(60|120)\s+\d+\s+\d+\s+[\d.]+ s.*?(0\.\d{3}|1\.000)", out, re.MULTILINE)
    assert [size for size, _ in rows] == ["60", "120"], out


def test_bench_build_measures_every_step() -> None:
    out = bench("build", "--articles", "30", "--repeat", "1")
    for label in ("a. convert from scratch", "b. convert, nothing changed", "c. convert after editing one seed",
                  "d. convert after adding one seed", "e. mkdocs build", "f. mkdocs build", "g. mkdocs serve"):  # fmt: skip
        assert re.search(rf"^{re.escape(label)}.*\d+\.\d\d s", out, re.MULTILINE), label
    assert "search/search_index.json" in out and "failed" not in out
    # search: pagefind (the project's mkdocs.yml): Pagefind on its own, its index, a reader's query
    assert re.search(r"^h\. Pagefind alone on the site of e\s+\d+\.\d\d s\s+\d+ MB", out, re.MULTILINE), out
    assert re.search(r"^pagefind/ \(Pagefind's index\)\s+[\d.]+ KB", out, re.MULTILINE), out
    if CHROMIUM.exists() or os.environ.get("CI"):
        for word, found in (("common", r"3\d matching articles, the first 20 shown"), ("rare", r"1 matching article")):
            assert re.search(rf"^  30 articles, {word} word '\w+' \(in \d+ seeds?\): [\d.]+ KB in \d+ requests; {found}$", out, re.M), out


def test_bench_build_conversion_only_runs_the_conversion_steps() -> None:
    out = bench("build", "--articles", "30", "--repeat", "1", "--conversion-only")
    for label in ("a. convert from scratch", "b. convert, nothing changed", "c. convert after editing one seed",
                  "d. convert after adding one seed"):  # fmt: skip
        assert re.search(rf"^{re.escape(label)}.*\d+\.\d\d s", out, re.MULTILINE), label
    assert "e. mkdocs build" not in out and "search/search_index.json" not in out and "failed" not in out
    assert "reproduce: archive bench build --articles 30 --seed 0 --repeat 1 --conversion-only" in out


def test_bench_anchor_prints_its_cases() -> None:
    out = bench("anchor", "--case", "repetitive", "context-400k")
    for case in ("repetitive", "context-400k"):
        row = rf"^{case}\s+[\d,]+\s+\d+\.\d\d s\s+\d+\.\d\d s\s+\+[\d.,]+ MB\s+\d exact"  # chars, time, CPU, memory
        assert re.search(row, out, re.MULTILINE), out
    assert "reproduce: archive bench anchor --case repetitive context-400k --seed 0" in out
