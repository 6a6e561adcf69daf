"""The conversion cache makes runs faster, never different."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, SEED

from reading_archive.cache import Cache, load_cache, save_cache
from reading_archive.pipeline import convert
from reading_archive.settings import load_settings

FIXTURES = REPO / "tests" / "fixtures" / "related"


def corpus(project: Path) -> Path:
    for seed in FIXTURES.glob("*.txt"):
        shutil.copy(seed, project / "seeds" / seed.name)
    return project


def test_a_cached_conversion_is_identical_to_a_fresh_one(project: Path) -> None:
    settings = load_settings(corpus(project) / "mkdocs.yml")
    fresh = convert(settings)
    assert len(fresh.cache.articles) == 8 and len(fresh.cache.words) == 8 and len(fresh.cache.pages) == 8
    again = convert(settings, fresh.cache)
    assert again.pages == fresh.pages and again.problems == fresh.problems
    assert again.cache == fresh.cache


def test_an_edited_seed_is_parsed_again_and_its_old_entry_dropped(project: Path) -> None:
    settings = load_settings(corpus(project) / "mkdocs.yml")
    before = convert(settings)
    seed = project / "seeds" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("Mitsotakis", "Papadopoulos"), encoding="utf-8")
    after = convert(settings, before.cache)
    assert after.pages == convert(settings).pages
    assert len(after.cache.articles) == 8 and len(after.cache.pages) == 8
    assert any("Papadopoulos" in page.text for page in after.pages)


def test_a_glossary_change_links_again(project: Path) -> None:
    settings = load_settings(project / "mkdocs.yml")
    before = convert(settings)
    (project / "glossary" / "quint.md").unlink()
    after = convert(settings, before.cache)
    assert after.pages == convert(settings).pages
    assert "quint" not in after.articles[0].terms


def test_the_cache_file_round_trips_and_a_broken_one_is_ignored(project: Path, tmp_path: Path) -> None:
    settings = load_settings(project / "mkdocs.yml")
    conversion = convert(settings)
    path = tmp_path / "cache" / "conversion.pickle"
    save_cache(conversion.cache, path)
    assert load_cache(path) == conversion.cache
    path.write_bytes(b"not a pickle")
    assert load_cache(path) == Cache(conversion.cache.code)
    assert load_cache(tmp_path / "missing.pickle") == Cache(conversion.cache.code)
