"""Hostile and broken input: nothing crashes, nothing leaks through, nothing is lost."""

from __future__ import annotations

from pathlib import Path

from conftest import ARTICLE_URL, SEED, mkdocs_build, run_archive

PAGE = "content/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md"


def break_the_seed(project: Path) -> None:
    seed = project / "seeds" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("December 08, 2021", "February 30, 2021"), encoding="utf-8")


def test_a_bad_edit_keeps_the_last_good_page(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    before = (project / PAGE).read_text(encoding="utf-8")
    break_the_seed(project)

    result = run_archive(project, "convert")
    assert result.returncode == 1
    assert f"seeds/{SEED.name}:7: error: 'February 30, 2021' is not a real date" in result.stderr
    assert f"kept {PAGE} (its seed has errors: the page shows the last good version)" in result.stdout
    assert (project / PAGE).read_text(encoding="utf-8") == before


def test_a_bad_edit_during_builds_keeps_the_article_on_the_site(project: Path) -> None:
    assert mkdocs_build(project).returncode == 0
    break_the_seed(project)
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr
    assert "is not a real date" in result.stderr
    assert "Putin Says Russia" in (project / "site" / ARTICLE_URL / "index.html").read_text(encoding="utf-8")
    assert mkdocs_build(project).returncode == 1  # strict still fails until the seed is mended
