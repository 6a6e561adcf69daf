"""The conversion cache makes runs faster, never different: after any edit, a run that starts
from the previous run's cache gives byte-identical pages (and related lists, scores included)
to a run from scratch."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import REPO, SEED
from reading_archive.build import cache as cache_module
from reading_archive.build import convert as build_convert
from reading_archive.build.cache import Cache, _patch, _patched, load_cache, save_cache
from reading_archive.build.parallel import Shards
from reading_archive.build.pipeline import Conversion, Dataset, convert, export_dataset
from reading_archive.model import ArticleSummary, Page
from reading_archive.publish import export
from reading_archive.render.article import with_checksum
from reading_archive.settings import Settings, load_settings
from reading_archive.write.writer import MANIFEST, write_pages
from reading_archive_dev.synthetic import Corpus, generate_corpus, write_corpus

FIXTURES = REPO / "tests" / "fixtures" / "related"


def corpus(project: Path) -> Path:
    for seed in FIXTURES.glob("*.txt"):
        shutil.copy(seed, project / "seeds" / seed.name)
    return project


def synthetic(project: Path, articles: int = 150) -> Path:
    """The project with a small synthetic corpus and its glossary instead of the real ones."""
    shutil.rmtree(project / "seeds")
    shutil.rmtree(project / "glossary")
    generated = generate_corpus(articles + 1, seed=3, glossary_terms=120)
    write_corpus(Corpus(generated.articles[:articles], generated.glossary), project)
    write_corpus(Corpus(generated.articles[articles:], ()), project / "held-back")
    return project


def texts(conversion: Conversion) -> dict[str, str]:
    return {page.path: page.text for page in conversion.pages}


def related_lists(conversion: Conversion) -> dict[str, object]:
    assert conversion.cache is not None and conversion.cache.related is not None
    return {seed: (row.relations, row.floor) for seed, row in conversion.cache.related.rows.items()}


def cached_run(settings: Settings) -> tuple[Conversion, Dataset]:
    """A conversion and its dataset as `archive convert` makes them: the cache loaded from disk
    and saved back."""
    previous = load_cache(settings.cache_file)
    conversion = convert(settings, previous)
    dataset = export_dataset(conversion, settings)
    save_cache(dataset.cache, settings.cache_file, previous)
    return conversion, dataset


def assert_same_as_from_scratch(settings: Settings) -> Conversion:
    incremental, dataset = cached_run(settings)
    scratch = convert(settings)
    assert texts(incremental) == texts(scratch)
    assert incremental.problems == scratch.problems
    assert [a.seed for a in incremental.articles] == [a.seed for a in scratch.articles]
    assert related_lists(incremental) == related_lists(scratch)
    assert incremental.annotated == scratch.annotated and incremental.home == scratch.home
    assert dataset.files == export_dataset(scratch, settings).files
    return incremental


def change_words(seed: Path, old: str, new: str) -> None:
    text = seed.read_text(encoding="utf-8")
    assert old in text
    seed.write_text(text.replace(old, new, 1), encoding="utf-8")


def longest_line_word(seed: Path) -> str:
    return max(seed.read_text(encoding="utf-8").split("\n"), key=len).split()[3]


EDITS: dict[str, Callable[[Path], None]] = {}


def edit(function: Callable[[Path], None]) -> Callable[[Path], None]:
    EDITS[function.__name__] = function
    return function


@edit
def edit_a_body_word(project: Path) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[1]
    change_words(seed, longest_line_word(seed), "Papadopoulos")


@edit
def edit_a_title(project: Path) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[2]
    lines = seed.read_text(encoding="utf-8").split("\n")
    title = next(number for number, line in enumerate(lines) if line.strip())
    lines[title] = "A new title for an old story"
    seed.write_text("\n".join(lines), encoding="utf-8")


@edit
def break_a_seed(project: Path) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[3]
    change_words(seed, "Original url:", "Originally:")


@edit
def delete_a_seed(project: Path) -> None:
    sorted((project / "seeds").glob("*.txt"))[0].unlink()


@edit
def add_a_seed(project: Path) -> None:
    held = sorted((project / "held-back" / "seeds").glob("*.txt"))
    if held:
        shutil.move(held[0], project / "seeds" / held[0].name)
    else:  # the real fixtures: the project's own seed joins them
        shutil.copy(SEED, project / "seeds" / "added.txt")


@edit
def edit_the_glossary(project: Path) -> None:
    term = sorted((project / "glossary").glob("*.md"))[5]
    text = term.read_text(encoding="utf-8")
    term.write_text(text.replace("summary:", "summary: Newly summarised.", 1), encoding="utf-8")


@edit
def remove_a_glossary_term(project: Path) -> None:
    sorted((project / "glossary").glob("*.md"))[7].unlink()


@edit
def touch_without_changing(project: Path) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[4]
    seed.write_bytes(seed.read_bytes())
    os.utime(seed, ns=(1, 1))


def sidecar_of(project: Path) -> Path:
    return sorted((project / "seeds").glob("*.txt"))[5].with_suffix(".yml")


@edit
def add_a_sidecar(project: Path) -> None:
    seed = sidecar_of(project).with_suffix(".txt")
    term = sorted((project / "glossary").glob("*.md"))[0].stem
    sidecar_of(project).write_text(
        f"""title: A corrected title
date: 2019-03-04
publisher: A Corrected Publisher
tags: [First tag, Second tag]
summary: What the curators say the article is about.
terms: [{term}]
annotations:
  - quote: {longest_line_word(seed)}
    body: A *note* on it.
""",
        encoding="utf-8",
    )


@edit
def edit_the_sidecar(project: Path) -> None:
    change_words(sidecar_of(project), "Second tag", "Another tag")
    change_words(sidecar_of(project), "What the curators say", "What the curators now say")


@edit
def edit_the_annotated_seed(project: Path) -> None:
    seed = sidecar_of(project).with_suffix(".txt")
    word = longest_line_word(seed)
    change_words(seed, word, f"{word} and more")


@edit
def break_the_sidecar(project: Path) -> None:
    change_words(
        sidecar_of(project), "tags: [First tag, Another tag]", "tags: [First tag, Another tag"
    )


@edit
def delete_the_sidecar(project: Path) -> None:
    sidecar_of(project).unlink()


@pytest.mark.parametrize("source", ["fixtures", "synthetic"])
def test_every_cached_run_after_an_edit_is_identical_to_a_run_from_scratch(
    project: Path, source: str
) -> None:
    corpus(project) if source == "fixtures" else synthetic(project)
    settings = load_settings(project / "mkdocs.yml")
    assert_same_as_from_scratch(settings)
    for name, change in EDITS.items():
        change(project)
        conversion = assert_same_as_from_scratch(settings)
        assert conversion.pages, name
        if name in ("edit_the_sidecar", "edit_the_annotated_seed"):  # applied, annotation and all
            (annotated,) = [
                a
                for a in conversion.annotated
                if a.sidecar == sidecar_of(project).relative_to(project).as_posix()
            ]
            assert (
                annotated.tags == ("First tag", "Another tag")
                and annotated.annotations[0].anchor is not None
            ), name


def test_a_cached_run_with_nothing_changed_renders_nothing_again(project: Path) -> None:
    settings = load_settings(corpus(project) / "mkdocs.yml")
    fresh = convert(settings)
    assert (
        fresh.cache is not None
        and len(fresh.cache.seeds) == 8
        and len(fresh.cache.pages) == len(fresh.pages)
    )
    again = convert(settings, fresh.cache)
    assert again.pages == fresh.pages and again.problems == fresh.problems
    assert again.cache == fresh.cache
    assert all(again.cache.pages[path] is record for path, record in fresh.cache.pages.items())


def test_an_edited_lead_renders_again_only_the_pages_that_show_it(project: Path) -> None:
    """Listing pages are stamped as a group (build/pages.listing_pages_kept): a changed lead makes
    the group's key change, but only the listing pages that show the article are rendered again."""
    settings = load_settings(corpus(project) / "mkdocs.yml")
    cached_run(settings)
    change_words(
        project / "seeds" / "101_putin_biden_call.txt",
        "a two-hour video call",
        "a three-hour video call",
    )
    after = assert_same_as_from_scratch(settings)
    assert after.cache is not None
    rendered = {
        path for path, record in after.cache.pages.items() if record.data is not None
    }  # not read from the pack
    showing = {page.path for page in after.pages if "three-hour" in page.text}
    assert rendered == showing
    assert {
        "articles/2021/index.md",
        "articles/2021/12/index.md",
    } <= showing and "articles/index.md" not in showing


def test_an_edited_seed_is_parsed_again_and_its_old_entry_dropped(project: Path) -> None:
    settings = load_settings(corpus(project) / "mkdocs.yml")
    before = convert(settings)
    seed = project / "seeds" / SEED.name
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Mitsotakis", "Papadopoulos"), encoding="utf-8"
    )
    after = convert(settings, before.cache)
    assert texts(after) == texts(convert(settings))
    assert (
        len(after.cache.seeds) == 8
        and after.cache.seeds[f"seeds/{SEED.name}"] != before.cache.seeds[f"seeds/{SEED.name}"]
    )
    assert any("Papadopoulos" in page.text for page in after.pages)


def test_a_glossary_change_links_again(project: Path) -> None:
    settings = load_settings(project / "mkdocs.yml")
    before = convert(settings)
    (project / "glossary" / "quint.md").unlink()
    after = convert(settings, before.cache)
    assert texts(after) == texts(convert(settings))
    assert "quint" not in after.articles[0].terms


def test_parsing_and_rendering_shared_among_processes_give_the_same_pages(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    alone = convert(settings)
    monkeypatch.setattr(
        Shards.__init__, "__defaults__", (3, 10)
    )  # three processes from ten jobs on
    shared = convert(settings)
    assert texts(shared) == texts(alone) and shared.problems == alone.problems
    assert related_lists(shared) == related_lists(alone)


def test_the_cycle_collector_is_as_it_was_after_a_conversion(project: Path) -> None:
    settings = load_settings(corpus(project) / "mkdocs.yml")
    assert gc.isenabled()
    convert(settings)
    assert gc.isenabled()
    gc.disable()
    try:
        convert(settings)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_unchanged_pages_are_not_rewritten_and_a_hand_edit_is_still_seen(project: Path) -> None:
    settings = load_settings(corpus(project) / "mkdocs.yml")
    out = project / "out"
    conversion = convert(settings)
    first = write_pages(list(conversion.pages), out, settings.generated_dirs)
    assert len(first.written) == len(conversion.pages)
    again = write_pages(list(conversion.pages), out, settings.generated_dirs)
    assert again.written == () and again.unchanged == len(conversion.pages) and again.problems == ()
    page = out / conversion.pages[0].path
    page.write_text(page.read_text(encoding="utf-8") + "A note.\n", encoding="utf-8")
    edited = write_pages(list(conversion.pages), out, settings.generated_dirs)
    assert [p.path for p in edited.problems] == [f"{out.as_posix()}/{conversion.pages[0].path}"]
    page.unlink()
    restored = write_pages(list(conversion.pages), out, settings.generated_dirs)
    assert restored.written == (f"{out.as_posix()}/{conversion.pages[0].path}",)


def test_the_cache_file_round_trips_and_a_broken_one_is_ignored(
    project: Path, tmp_path: Path
) -> None:
    settings = load_settings(project / "mkdocs.yml")
    conversion = convert(settings)
    path = tmp_path / "cache" / "conversion.pickle"
    save_cache(conversion.cache, path)
    assert load_cache(path) == conversion.cache
    path.write_bytes(b"not a cache")
    assert load_cache(path) == Cache(conversion.cache.code)
    assert load_cache(tmp_path / "missing.pickle") == Cache(conversion.cache.code)


def test_an_edit_encodes_again_only_the_dataset_records_it_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    cached_run(settings)
    made: list[str] = []
    make = export._dataset_record
    monkeypatch.setattr(
        export, "_dataset_record", lambda seed, *rest: made.append(seed) or make(seed, *rest)
    )
    edit_a_body_word(project)
    conversion = assert_same_as_from_scratch(settings)
    edited = f"seeds/{sorted((project / 'seeds').glob('*.txt'))[1].name}"
    assert (
        edited in made[: -len(conversion.articles)] and len(made) - len(conversion.articles) < 10
    )  # then from scratch: all


def test_the_cache_file_holds_no_article_text(project: Path) -> None:
    """Texts (pages, and articles' texts for the dataset) are in the pack beside the cache file,
    which every run loads."""
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    _, dataset = cached_run(settings)
    sentence = max(
        (project / "seeds").glob("*.txt"), key=lambda seed: seed.stat().st_size
    ).read_text(encoding="utf-8")
    sentence = max(sentence.split("\n"), key=len)[:60].encode("utf-8")
    assert sentence in dataset.files["archive.jsonl"]
    assert sentence not in settings.cache_file.read_bytes()
    [pack] = settings.cache_file.parent.glob(f"{settings.cache_file.name}.*.pages")
    assert sentence in pack.read_bytes()


def test_a_folder_that_removed_pages_leave_empty_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    pages = [
        Page(path, with_checksum(f"source: {path}\n", "A page.\n"))
        for path in ("articles/2020/01/one.md", "articles/2021/02/two.md")
    ]
    write_pages(pages, out, ["articles"])
    report = write_pages(pages[1:], out, ["articles"])
    assert report.removed == (f"{out.as_posix()}/articles/2020/01/one.md",)
    assert (
        not (out / "articles" / "2020").exists()
        and (out / "articles" / "2021" / "02" / "two.md").is_file()
    )
    write_pages([], out, ["articles"])
    assert [path.name for path in (out / "articles").iterdir()] == [
        MANIFEST
    ]  # the owned folder stays


def test_a_pack_of_mostly_unused_texts_is_rewritten_with_only_the_used_ones(project: Path) -> None:
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    cached_run(settings)
    [pack] = settings.cache_file.parent.glob(f"{settings.cache_file.name}.*.pages")
    used = pack.stat().st_size
    with pack.open("ab") as file:  # as if many texts had been replaced since
        file.write(b"\0" * (2 * used + (1 << 24)))
    edit_a_body_word(project)
    assert_same_as_from_scratch(settings)  # its cached run loads the cache, which rewrites the pack
    [repacked] = settings.cache_file.parent.glob(f"{settings.cache_file.name}.*.pages")
    assert repacked != pack and repacked.stat().st_size < used * 1.1
    assert_same_as_from_scratch(settings)


def journal_of(settings: Settings) -> Path:
    return settings.cache_file.with_name(settings.cache_file.name + ".journal")


def generation(settings: Settings) -> bytes:
    return settings.cache_file.read_bytes()[8:24]  # after the magic: see cache._HEAD


def stored_texts(cache: Cache) -> dict[str, bytes]:
    """Every text the cache names in its pack, read from it: pages, dataset records and the
    articles' dataset texts."""
    names = [record.checksum for record in cache.pages.values()] + [
        record.name for record in cache.dataset.values()
    ]
    for record in cache.seeds.values():
        if isinstance(record.result, ArticleSummary):
            digest = export.dataset_parts(record.result.dataset)[0]
            names += [digest, digest + export.FIELDS]
    return {
        name: bytes(text) for name, text in zip(names, cache.texts.read_many(names), strict=False)
    }


def assert_loads_as_a_whole_save(settings: Settings, tmp_path: Path) -> Cache:
    """The cache at settings.cache_file (its file and journal) loads as the same cache saved
    whole does, texts and all."""
    loaded = load_cache(settings.cache_file)
    copy = tmp_path / "whole"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(settings.cache_file.parent, copy)
    whole = copy / settings.cache_file.name
    save_cache(load_cache(whole), whole)  # no previous: the file written whole, the journal dropped
    assert not (copy / f"{whole.name}.journal").exists()
    again = load_cache(whole)
    assert again == loaded and again.seeds and again.related is not None
    assert stored_texts(again) == stored_texts(loaded)
    return loaded


def test_saves_that_append_their_changes_load_as_the_cache_saved_whole(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "_JOURNAL_SHARE", 100)  # never folded into a new file here
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    cached_run(settings)
    base = settings.cache_file.stat()
    for name, change in EDITS.items():
        change(project)
        before = journal_of(settings).stat().st_size if journal_of(settings).exists() else 0
        previous = load_cache(settings.cache_file)
        _, dataset = cached_run(settings)
        assert journal_of(settings).stat().st_size > before or dataset.cache == previous, (
            name
        )  # nothing to save
        assert assert_loads_as_a_whole_save(settings, tmp_path) == dataset.cache, name
    assert settings.cache_file.stat().st_ino == base.st_ino  # the file itself never written again
    assert_same_as_from_scratch(settings)


def test_a_journal_record_cut_short_or_damaged_is_not_applied(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "_JOURNAL_SHARE", 100)
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    cached_run(settings)
    edit_a_body_word(project)
    _, first = cached_run(settings)
    journal = journal_of(settings)
    whole = journal.read_bytes()
    edit_a_title(project)
    cached_run(settings)
    second = journal.read_bytes()[len(whole) :]
    for damaged in (
        second[:-1],
        second[:30],
        second[:-20] + bytes([second[-20] ^ 1]) + second[-19:],
        b"\0" * 7,
    ):
        journal.write_bytes(whole + damaged)  # as if the process had been killed while appending
        loaded = load_cache(settings.cache_file)
        assert loaded == first.cache and stored_texts(loaded) == stored_texts(
            load_cache(settings.cache_file)
        )
    # The next save cannot append after the damaged end: it writes the file whole.
    file = settings.cache_file.stat().st_ino
    edit_a_body_word(project)
    assert_same_as_from_scratch(settings)
    assert settings.cache_file.stat().st_ino != file and not journal.exists()
    saved = assert_loads_as_a_whole_save(settings, tmp_path)
    journal.write_bytes(whole)  # of the file's former generation, as if killed before dropping it
    assert load_cache(settings.cache_file) == saved


def test_a_save_from_a_cache_that_the_files_no_longer_hold_writes_the_file_whole(
    project: Path, tmp_path: Path
) -> None:
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    cached_run(settings)
    for first_appends in (True, False):
        one, other = (
            load_cache(settings.cache_file),
            load_cache(settings.cache_file),
        )  # two processes
        edit_a_body_word(project)
        first = export_dataset(convert(settings, one), settings).cache
        save_cache(
            first, settings.cache_file, one if first_appends else None
        )  # appended, or written whole
        assert journal_of(settings).exists() == first_appends
        edit_a_title(project)
        second = export_dataset(convert(settings, other), settings).cache
        kept = generation(settings)
        save_cache(second, settings.cache_file, other)  # `other` is not what the files hold now
        assert generation(settings) != kept and not journal_of(settings).exists()
        assert assert_loads_as_a_whole_save(settings, tmp_path) == second
    # Nor does a cache that was never loaded from these files, e.g. a run from scratch.
    scratch = export_dataset(convert(settings), settings).cache
    kept = generation(settings)
    edit_a_body_word(project)
    save_cache(
        export_dataset(convert(settings, scratch), settings).cache, settings.cache_file, scratch
    )
    assert generation(settings) != kept and not journal_of(settings).exists()
    assert_same_as_from_scratch(settings)


def test_the_journal_is_folded_into_a_new_file_before_it_passes_its_share(
    project: Path, tmp_path: Path
) -> None:
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    cached_run(settings)
    generations = {generation(settings)}
    appended = 0
    for number in range(12):
        seed = sorted((project / "seeds").glob("*.txt"))[number]
        change_words(seed, longest_line_word(seed), "Papadopoulos")
        cached_run(settings)
        size = journal_of(settings).stat().st_size if journal_of(settings).exists() else 0
        assert size <= settings.cache_file.stat().st_size * cache_module._JOURNAL_SHARE
        appended += size > 0
        generations.add(generation(settings))
    assert appended and len(generations) > 1  # some saves appended, some wrote the file anew
    assert_loads_as_a_whole_save(settings, tmp_path)
    assert_same_as_from_scratch(settings)


def test_a_kept_cache_saved_at_the_end_appends_what_changed_since_its_last_save(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the plugin does under `mkdocs serve`: conversions in memory, then one save relative to
    the cache it saved last."""
    monkeypatch.setattr(cache_module, "_JOURNAL_SHARE", 100)
    settings = load_settings(synthetic(project) / "mkdocs.yml")
    loaded = load_cache(settings.cache_file)
    saved = export_dataset(convert(settings, loaded), settings).cache
    save_cache(saved, settings.cache_file, loaded)
    kept = saved
    for change in (edit_a_body_word, add_a_seed, delete_a_seed):
        change(project)
        kept = export_dataset(convert(settings, kept), settings).cache
    file = generation(settings)
    save_cache(kept, settings.cache_file, saved)
    assert generation(settings) == file and journal_of(settings).exists()
    assert assert_loads_as_a_whole_save(settings, tmp_path) == kept
    assert_same_as_from_scratch(settings)


@given(
    st.binary(max_size=300),
    st.lists(st.tuples(st.integers(0, 299), st.integers(0, 255)), max_size=8),
    st.integers(-40, 40),
)
@hypothesis_settings(max_examples=300, deadline=None)
def test_a_patch_of_a_table_of_numbers_remakes_it(
    old: bytes, changes: list[tuple[int, int]], grow: int
) -> None:
    new = bytearray(old[: len(old) + min(grow, 0)]) + bytes(range(max(grow, 0)))
    for at, value in changes:
        if at < len(new):
            new[at] = value
    assert _patched(old, len(new), _patch(bytes(new), old)) == new


def test_pages_written_by_a_forked_process_are_all_there_and_reported(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From scratch, convert_and_write has a copy of the process write the pages
    (build/convert.py)."""
    settings = load_settings(corpus(project) / "mkdocs.yml")
    monkeypatch.setattr(build_convert, "_FORK_PAGES", 1)  # as when thousands are new
    converted = build_convert.convert_and_write(
        settings, Cache(), settings.docs_dir, settings.docs_dir
    )
    pages = converted.conversion.pages
    assert len(converted.report.written) == len(pages) > 8
    assert all(
        (settings.docs_dir / page.path).read_text(encoding="utf-8") == page.text for page in pages
    )
    assert load_cache(settings.cache_file) == converted.cache  # saved meanwhile
