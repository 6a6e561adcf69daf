"""Benchmarks on a synthetic corpus: they print figures, they test nothing.

    bench link     [--articles 10000] [--terms 2000] [--seed 0]
    bench related  [--family broad focused crowded wire] [--articles 1000 10000] [--terms N]
                   [--seed 0] [--repeat 3] [--baseline OTHER/tools] [--wire FOLDER]
    bench build    [--articles 1000 10000] [--terms N] [--seed 0] [--repeat 3] [--keep]
    bench anchor   [--case edited long-quote ...] [--seed 0]
    bench copies   [--kind "cut to its first half" ...]

`link` times reading the seeds and linking them to the glossary; `related` times `related_for` on
families of corpora (synthetic ones at several sizes: is it linear?, and a hand-labelled set) and
evaluates the lists it shows against the stories the corpora know (related_quality.py); with
`--baseline` it runs another checkout's `related_for` on the same articles too. `build` times the
public commands (`archive convert`, `mkdocs build`) on a synthetic copy of the site, and measures
the site they build (see `bench_build`). `anchor` times anchoring annotations to long and hostile
texts (see ANCHOR_CASES). `copies` makes republished copies of the hand-written sets' reports
the ways outlets make them and counts those the related articles tell apart (copy_variants.py).

Each measured step runs in a fresh Python process (a subprocess), so its peak memory is its
own: the figure shown is how far the step raised the process's resident set size above what
the process held when the step began (its input loaded, libraries imported); see
`bench_step.PeakMemory`.
Inputs pass between steps as pickles in a temporary folder. (`build` runs the commands
themselves and shows each one's whole-process peak instead; see `_measure`.)
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import math
import multiprocessing
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .bench_step import RELATED_MODULES
from .bench_step import PeakMemory as _PeakMemory
from .bench_step import dump as _dump
from .bench_step import load as _load
from .bench_step import proc_status as _proc_status
from .browser import fetch_text, mkdocs_serve, stop_serving, wait_for
from .related_quality import Quality, evaluate, load_labels

PROGRAM = "archive bench"


# --------------------------------------------------------------------------------------------
# Steps: each runs in a fresh process and returns plain data.


def _step_parse(project: str, out: str) -> dict[str, float]:
    """Parse every seed of project/seeds (the files are read before the clock starts)."""
    import hashlib

    from reading_archive.read.seed import decode_seed, parse_seed

    root = Path(project)
    files = [
        (f"seeds/{path.name}", path.read_bytes()) for path in sorted((root / "seeds").glob("*.txt"))
    ]
    memory = _PeakMemory()
    start = time.perf_counter()
    articles = [
        parse_seed(decode_seed(data, seed), seed, hashlib.sha256(data).hexdigest())
        for seed, data in files
    ]
    seconds = time.perf_counter() - start
    rise = memory.rise()
    _dump(articles, out)
    return {"seconds": seconds, "memory": rise, "count": len(articles)}


def _step_link(project: str, articles_path: str, out: str) -> dict[str, float]:
    """Load the glossary, build its index and link every article (each timed on its own)."""
    from reading_archive.enrich.glossary import load_glossary
    from reading_archive.enrich.link import LINKED_BLOCKS, GlossaryIndex, link_article

    articles = _load(articles_path)
    root = Path(project)
    memory = _PeakMemory()
    start = time.perf_counter()
    glossary, problems = load_glossary(root / "glossary", root)
    loaded = time.perf_counter()
    index = GlossaryIndex.build(glossary)
    built = time.perf_counter()
    glossary_memory = memory.rise()
    memory = _PeakMemory()
    start_link = time.perf_counter()
    linked = [link_article(article, index) for article in articles]
    link_seconds = time.perf_counter() - start_link
    link_memory = memory.rise()

    spans = sum(
        1 for a in linked for b in a.blocks for item in b.items for span in item if span.term
    )
    every = sum(
        sum(1 for _ in index.find("".join(span.text for span in item)))
        for a in articles
        for b in a.blocks
        if b.kind in LINKED_BLOCKS
        for item in b.items
    )
    _dump(linked, out)
    return {
        "glossary_seconds": loaded - start,
        "index_seconds": built - loaded,
        "glossary_memory": glossary_memory,
        "terms": len(glossary.terms),
        "problems": len(problems),
        "seconds": link_seconds,
        "memory": link_memory,
        "count": len(linked),
        "distinct_terms": sum(len(a.terms) for a in linked),
        "linked_spans": spans,
        "every_mention": every,
    }


def _step_pages(linked_path: str, out: str) -> dict[str, Any]:
    """The articles that get a page, as the conversion leaves them for related articles: duplicates
    (the same original URL, pipeline.drop_duplicates) dropped, the rest (copies of a text at
    other URLs among them) in time order."""
    from reading_archive.build.pipeline import drop_duplicates

    kept, _ = drop_duplicates(_load(linked_path))
    kept.sort(key=lambda article: (article.date.toordinal(), article.seed))
    dropped = sorted(
        {article.seed for article in _load(linked_path)} - {article.seed for article in kept}
    )
    _dump(kept, out)
    return {"count": len(kept), "dropped": dropped}


def _step_corpus(
    project: str, held_back: str, articles: str, extra: str, seed: str, terms: str
) -> dict[str, Any]:
    """Write a synthetic corpus of articles + extra seeds: the first into project, the extra
    ones into held_back.

    Run in a fresh process: the benchmark's own process never holds the corpus.
    """
    from .synthetic import Corpus, generate_corpus, write_corpus

    count = int(articles)
    corpus = generate_corpus(count + int(extra), seed=int(seed), glossary_terms=int(terms))
    kept, held = corpus.articles[:count], corpus.articles[count:]
    write_corpus(Corpus(kept, corpus.glossary), Path(project))
    write_corpus(Corpus(held, ()), Path(held_back))
    return {
        "seeds": len(kept),
        "held_back": len(held),
        "terms": len(corpus.glossary),
        "megabytes": sum(len(a.text.encode("utf-8")) for a in kept) / 1e6,
    }


def _step_kept_edits(project: str, repeat: str | int) -> dict[str, Any]:
    """Conversions after one edit each in one process that keeps the cache in memory, as the
    plugin does under `mkdocs serve`: settings read, cache loaded and one conversion done first
    (not timed); then, for each edit, the timed work of `archive convert` without start-up and
    the cache file: convert, export the dataset, write the changed pages and dataset files."""
    from reading_archive.build.cache import collector_paused, load_cache
    from reading_archive.build.convert import convert_and_write
    from reading_archive.settings import load_settings

    settings = load_settings(Path(project) / "mkdocs.yml")
    seeds = sorted(settings.seeds_dir.glob("*.txt"))
    repeat = int(repeat)
    seconds = []
    with collector_paused():
        cache = convert_and_write(
            settings,
            load_cache(settings.cache_file),
            settings.docs_dir,
            settings.docs_dir,
            save=False,
        ).cache
        for i in range(repeat):
            _change_one_word(
                seeds[(2 * i + 1) * len(seeds) // (2 * repeat) + 1]
            )  # not the seeds c edits
            start = time.perf_counter()
            cache = convert_and_write(
                settings, cache, settings.docs_dir, settings.docs_dir, save=False
            ).cache
            seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "peak_mb": _proc_status().get("VmHWM", float("nan"))}


# Anchoring annotations: synthetic texts from a seeded generator, one case per fresh process.

ANCHOR_CASES = {
    "edited": "10 edited quotes (80-600 characters, 1 edit in 40) in a 4 MiB seed of paragraphs",
    "long-quote": "a 1,000-character quote with 50 edits in a 4 MiB seed of one paragraph (a "
    "sidecar's longest quote)",
    "orphan": "a 1,000-character quote that is not in a 4 MiB seed of one paragraph",
    "orphans": "30 such quotes: the article's allowance for tolerant matching "
    "(annotate.ALIGN_CELLS) runs out",
    "repetitive": "a 1,000-character quote with 50 edits in a repetitive 160 KB paragraph",
    "periodic": "the same in a 160 KB paragraph of one 13-character sentence, repeated",
    "context-400k": "a 3-character quote with 200 characters of prefix and suffix (edited) in a "
    "400 KB seed",
    "context-4m": "the same in a 4 MiB seed",
}
_MIB = 1024 * 1024


def _words(rng: Any) -> tuple[list[str], list[float]]:
    """A vocabulary of made-up words after common English ones, with Zipf-like weights."""
    syllables = "ka lo min ter sa vo ri den pa shu el on ar is ut bra nes tio".split()
    common = "the of and to in a that is was for on with as by said at from it his an".split()
    made = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(4000)}
    )
    rng.shuffle(made)
    vocabulary = common + made
    return vocabulary, [1 / (rank + 1) ** 1.05 for rank in range(len(vocabulary))]


def _paragraphs(rng: Any, size: int, one: bool) -> list[str]:
    """About `size` characters of sentences, in paragraphs of 3-7 sentences (or one paragraph)."""
    vocabulary, weights = _words(rng)
    words = iter(rng.choices(vocabulary, weights, k=size // 3 + 50))
    paragraphs, sentences, total = [], [], 0
    while total < size:
        sentence = " ".join(next(words) for _ in range(rng.randint(8, 25)))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        total += len(sentences[-1]) + 2
        if not one and len(sentences) >= rng.randint(3, 7):
            paragraphs.append(" ".join(sentences))
            sentences = []
    return paragraphs + [" ".join(sentences)] if sentences else paragraphs


def _edited(rng: Any, text: str, edits: int) -> str:
    characters = list(text)
    for _ in range(edits):
        at = rng.randrange(len(characters))
        kind = rng.randrange(3)
        letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
        characters[at : at + (kind > 0)] = (
            [] if kind == 1 else [letter] if kind == 2 else [letter, characters[at]]
        )
    return "".join(characters)


def _anchor_case(name: str, seed: int) -> tuple[Any, list[Any]]:
    """The article and annotations of one case of ANCHOR_CASES."""
    from reading_archive.model import Annotation, TextQuote
    from reading_archive.read.seed import parse_seed

    rng = random.Random(f"{name}/{seed}")
    size = {"repetitive": 160 * 1024, "periodic": 160 * 1024, "context-400k": 400 * 1024}.get(
        name, 4 * _MIB - 4096
    )
    if name in ("repetitive", "periodic"):
        sentence = (
            "We met them. " if name == "periodic" else _paragraphs(rng, 60, one=True)[0] + " "
        )
        paragraphs = [(sentence * (size // len(sentence)))[:size].strip()]
    else:
        paragraphs = _paragraphs(rng, size, one=name in ("long-quote", "orphan", "orphans"))
    quotes = []
    for _ in range(10 if name == "edited" else 1):
        text = rng.choice(paragraphs)
        length = rng.randint(80, 600) if name == "edited" else 1000
        start = rng.randrange(max(1, len(text) - length))
        edited = _edited(
            rng, text[start : start + length], length // 40 if name == "edited" else 50
        )
        quotes.append(TextQuote(edited[:length].strip()))  # no longer than a sidecar allows
    if name.startswith("orphan"):
        other = " ".join(_paragraphs(random.Random(seed + 1), 30_000, one=True))
        count = 30 if name == "orphans" else 1
        quotes = [TextQuote(other[at : at + 1000].strip()) for at in range(0, 1000 * count, 1000)]
    if name.startswith("context"):
        text = paragraphs[len(paragraphs) // 2]
        at = text.index(" the ", len(text) // 2) + 1
        quotes = [
            TextQuote(
                "the",
                _edited(rng, text[at - 200 : at], 5),
                _edited(rng, text[at + 3 : at + 203], 5),
            )
        ]
    body = "\n\n".join(paragraphs)
    seed_text = f"Anchoring benchmark\n\nJanuary 01, 2024\n\n{body}\n\nOriginal url: https://example.org/a\n"
    article = parse_seed(seed_text, "seeds/anchoring.txt")
    return article, [
        Annotation(number, quote, "A note.", line=number)
        for number, quote in enumerate(quotes, start=1)
    ]


def _step_anchor(name: str, seed: str | int) -> dict[str, Any]:
    """Time anchoring one case's annotations; peak memory above the article and annotations."""
    from reading_archive.enrich.annotate import anchor_annotations

    article, annotations = _anchor_case(name, int(seed))
    characters = sum(
        len(span.text) for block in article.blocks for item in block.items for span in item
    )
    peak = _PeakMemory()
    start, cpu = time.perf_counter(), time.process_time()
    _, anchored, _ = anchor_annotations(article, annotations, "seeds/anchoring.yml")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak.rise(),
        "characters": characters,
        "exact": sum(1 for a in anchored if a.anchor and a.anchor.exact),
        "tolerant": sum(1 for a in anchored if a.anchor and not a.anchor.exact),
        "orphaned": sum(1 for a in anchored if a.anchor is None),
    }


def _in_fresh_process(name: str, *args: Any) -> Any:
    """Run one of this module's steps in a new interpreter and return its result.

    A plain subprocess rather than a multiprocessing pool: nothing of this process (its heap,
    its __main__) is shared or re-imported, and a step that dies is an error, not a hang.
    """
    with tempfile.TemporaryDirectory(prefix="archive-bench-step-") as folder:
        result = Path(folder) / "result.pickle"
        code = "import sys; from reading_archive_dev.bench import _child; _child(sys.argv[1:])"
        package_parent = str(Path(__file__).resolve().parents[1])
        path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
        completed = subprocess.run(
            [sys.executable, "-c", code, name, str(result), *map(str, args)],
            env={**os.environ, "PYTHONPATH": path},
        )
        if completed.returncode != 0:
            raise RuntimeError(f"benchmark step {name} failed (exit status {completed.returncode})")
        return _load(str(result))


def _child(argv: list[str]) -> None:
    """Entry point of a step's process: run the step named in argv and pickle its result."""
    name, result, *args = argv
    if not name.startswith("_step_"):
        raise SystemExit(f"not a benchmark step: {name}")
    _dump(globals()[name](*args), result)


# --------------------------------------------------------------------------------------------
# Commands


def _environment() -> str:
    try:
        import numpy
        import scipy

        libraries = f", numpy {numpy.__version__}, scipy {scipy.__version__}"
    except ImportError:  # pragma: no cover
        libraries = ""
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{multiprocessing.cpu_count()} CPUs{libraries}"
    )


def _table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    """Plain text columns; numbers right-aligned."""
    right = set(range(1, len(headers))) if right is None else right
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    lines = []
    for row in [headers, *rows]:
        cells = [
            str(cell).rjust(w) if i in right else str(cell).ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _mb(rise: float) -> str:
    return f"+{rise:.1f} MB" if rise < 10 else f"+{rise:,.0f} MB"


def _reproduce(arguments: list[str]) -> str:
    line = " ".join(arguments)
    return (
        f"reproduce: {PROGRAM} {line}\n       or: {Path(sys.executable).name} -m "
        f"reading_archive_dev.bench {line}"
    )


def _prepare(articles: int, seed: int, terms: int, folder: Path) -> tuple[Any, float, float]:
    """Generate the corpus under folder; return it, the generation time and MB of seeds."""
    from .synthetic import generate_corpus, write_corpus

    start = time.perf_counter()
    corpus = generate_corpus(articles, seed=seed, glossary_terms=terms)
    seconds = time.perf_counter() - start
    write_corpus(corpus, folder)
    return corpus, seconds, sum(len(a.text.encode("utf-8")) for a in corpus.articles) / 1e6


def bench_link(articles: int, terms: int, seed: int) -> None:
    print(
        f"{PROGRAM} link: {articles:,} synthetic articles (seed {seed}), {terms:,} glossary terms"
    )
    print(_environment())
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as temporary:
        folder = Path(temporary)
        corpus, generated, megabytes = _prepare(articles, seed, terms, folder / "project")
        parse = _in_fresh_process(
            "_step_parse", str(folder / "project"), str(folder / "articles.pickle")
        )
        link = _in_fresh_process(
            "_step_link",
            str(folder / "project"),
            str(folder / "articles.pickle"),
            str(folder / "linked.pickle"),
        )
    count = max(1, link["count"])
    rows = [
        ["generate corpus", f"{generated:.2f} s", f"{articles / generated:,.0f} articles/s", "-"],
        [
            "parse seeds",
            f"{parse['seconds']:.2f} s",
            f"{parse['count'] / parse['seconds']:,.0f} articles/s",
            _mb(parse["memory"]),
        ],
        [
            "load glossary",
            f"{link['glossary_seconds']:.2f} s",
            f"{link['terms'] / max(link['glossary_seconds'], 1e-9):,.0f} terms/s",
            _mb(link["glossary_memory"]) + " (load + index)",
        ],
        [
            "build index",
            f"{link['index_seconds']:.3f} s",
            f"{link['terms'] / max(link['index_seconds'], 1e-9):,.0f} terms/s",
            "",
        ],
        [
            "link articles",
            f"{link['seconds']:.2f} s",
            f"{count / link['seconds']:,.0f} articles/s",
            _mb(link["memory"]),
        ],
    ]
    print()
    print(_table(["step", "time", "rate", "peak RSS"], rows, right={1, 2, 3}))
    print()
    print(
        f"corpus: {len(corpus.articles):,} seeds, {megabytes:.1f} MB, {len(corpus.stories):,} "
        "stories"
    )
    print(f"glossary: {link['terms']:,} terms loaded, {link['problems']} problems")
    print(
        f"mentions per article: {link['distinct_terms'] / count:.1f} distinct terms, "
        f"{link['linked_spans'] / count:.1f} linked spans (first mention of each term), "
        f"{link['every_mention'] / count:.1f} mentions in all"
    )
    total = (
        generated
        + parse["seconds"]
        + link["glossary_seconds"]
        + link["index_seconds"]
        + link["seconds"]
    )
    print(f"total: {total:.2f} s measured")
    print(
        "peak RSS: how far the step raised its process's resident memory above the level at its "
        "start"
    )
    print("(input loaded; each step in a fresh process)")
    print(_reproduce(["link", f"--articles {articles}", f"--terms {terms}", f"--seed {seed}"]))


# --------------------------------------------------------------------------------------------
# related: related_for on families of corpora, and the same step with a baseline's code

RELATED_FAMILIES = {
    "broad": "synthetic.generate_corpus: stories of ~60 topics, popular people and places "
    "shared by unrelated stories",
    "focused": "story_families 'focused': one war, a fixed cast every story names, independent "
    "stories, 2% copies",
    "crowded": "story_families 'crowded': as focused, with same-topic, same-week, same-cast "
    "stories and revisited places",
    "wire": "the hand-labelled set tests/fixtures/wire (seeds/, labels.json), linked to the "
    "repository's glossary/",
}
_MISTAKE_FIELDS = ("topic", "secondary", "people", "places", "organisations", "parent")


def _step_family(family: str, articles: str, seed: str, terms: str, project: str) -> dict[str, Any]:
    """Write a corpus of the family into project (seeds/, glossary/): broad is generate_corpus,
    the others story_families. Return its labels: story and copy_of by seed and, when the stories
    carry what the mistake breakdown reads (synthetic.SyntheticStory), the stories and dates."""
    from .synthetic import generate_corpus, write_corpus

    if family == "broad":
        corpus = generate_corpus(int(articles), seed=int(seed), glossary_terms=int(terms))
    else:
        from .story_families import generate_family

        corpus = generate_family(family, int(articles), seed=int(seed))
    write_corpus(corpus, Path(project))
    story_of = {f"seeds/{a.name}": a.story for a in corpus.articles}
    copy_of = {
        f"seeds/{a.name}": f"seeds/{a.copy_of}" if getattr(a, "copy_of", None) else None
        for a in corpus.articles
    }
    stories = {story.id: story for story in corpus.stories}
    described = bool(stories) and set(story_of.values()) <= set(stories)
    described = described and all(
        hasattr(story, field) for story in stories.values() for field in _MISTAKE_FIELDS
    )
    return {
        "story_of": story_of,
        "copy_of": copy_of,
        "stories": stories if described else None,
        "dates": _dates(corpus) if described else {},
    }


def _dates(corpus: Any) -> dict[str, Any]:
    from reading_archive.base.dates import parse_date

    dates = {}
    for article in corpus.articles:
        for line in article.text.split("\n")[1:6]:
            day = parse_date(line) if line else None
            if day:
                dates[f"seeds/{article.name}"] = day
                break
    return dates


def _mistake(story: Any, other: Any) -> str:
    """What a wrongly shown article has in common with the article's story."""
    entities = set(story.people + story.places + story.organisations)
    shared = entities & set(other.people + other.places + other.organisations)
    if story.topic == other.topic:
        sibling = (
            other.parent == story.id
            or story.parent == other.id
            or (story.parent is not None and story.parent == other.parent)
        )
        if sibling:
            return "same topic, sibling story"
        return "same topic, shares an entity" if shared else "same topic only"
    if shared:
        return "other topic, shares an entity"
    if {story.topic, story.secondary} & {other.topic, other.secondary} - {None}:
        return "secondary topic in common"
    return "nothing in common"


_MISTAKE_ORDER = [
    "same topic, sibling story",
    "same topic, shares an entity",
    "same topic only",
    "other topic, shares an entity",
    "secondary topic in common",
    "nothing in common",
]
_MISTAKE_HEADERS = [
    "sibling story",
    "topic+entity",
    "topic only",
    "entity only",
    "secondary topic",
    "nothing shared",
]


class _Shown(NamedTuple):
    """An entry of a related list as the related step returns it."""

    seed: str
    copy: bool  # shown apart, as another publication of the same text


def _mistakes(labels: dict[str, Any], lists: dict[str, list[_Shown]], k: int = 5) -> dict[str, Any]:
    """The wrongly shown related articles (slot entries of another story, the first k of a list):
    what their story shares with the article's, and how many days apart they are."""
    story_of, stories, dates = labels["story_of"], labels["stories"], labels["dates"]
    kinds: Counter[str] = Counter()
    days = []
    for seed, entries in lists.items():
        for other in [entry.seed for entry in entries if not entry.copy][:k]:
            if story_of[other] != story_of[seed]:
                kinds[_mistake(stories[story_of[seed]], stories[story_of[other]])] += 1
                if seed in dates and other in dates:
                    days.append(abs((dates[other] - dates[seed]).days))
    wrong = sum(kinds.values())
    return {
        "wrong": wrong,
        "mistakes": {kind: n / max(1, wrong) for kind, n in kinds.items()},
        "median_days": statistics.median(days) if days else 0,
    }


@dataclass(frozen=True)
class _RelatedRun:
    """related_for of one checkout on one corpus: its time, memory and quality."""

    family: str
    articles: int
    code: str  # "now" (this checkout) or "before" (--baseline)
    seconds: float  # median of the runs
    cpu: float  # median CPU time of the runs
    memory: float  # MB the runs raised the process's RSS by
    quality: Quality
    stories: int
    terms: int  # glossary terms linked to
    mistakes: dict[str, Any] | None  # where the stories say what they are about
    package: str  # the reading_archive folder whose related_for ran
    arguments: str  # what related_for was given besides the articles, in words
    dropped: int = 0  # seeds dropped as duplicates (no page): not among the articles
    edit: float | None = (
        None  # median of update_related's CPU time after each edit (bench_step.edit_times)
    )
    lists_cpu: float | None = None  # median CPU time given the words made beforehand
    cold_edit: float | None = None  # the same as `edit`, from the state read back (a new process)


def _run_related(linked: Path, repeat: int, tools: Path) -> dict[str, Any]:
    """bench_step.step_related in a fresh process whose `reading_archive` is the one in `tools`
    (PYTHONPATH=tools alone), with the settings of tools/../mkdocs.yml when there is one."""
    config = tools.parent / "mkdocs.yml"
    result = linked.with_name("related.pickle")
    code = "import runpy, sys; runpy.run_path(sys.argv[1])['main'](sys.argv[2:])"
    step = Path(__file__).resolve().with_name("bench_step.py")
    arguments = [
        str(step),
        str(result),
        str(linked),
        str(repeat),
        str(config) if config.is_file() else "",
    ]
    completed = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        env={**os.environ, "PYTHONPATH": str(tools)},
        cwd=linked.parent,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"related_for of {tools} failed (exit status {completed.returncode})")
    return _load(str(result))


def _family_corpus(
    family: str, articles: int, seed: int, terms: int, folder: Path, wire: Path
) -> tuple[Path, Path, dict[str, Any]]:
    """The project whose seeds/ to parse, the one whose glossary/ to link to, and the labels."""
    if family == "wire":
        story_of, copy_of = load_labels(wire)
        return (
            wire,
            _repository(),
            {"story_of": story_of, "copy_of": copy_of, "stories": None, "dates": {}},
        )
    labels = _in_fresh_process(
        "_step_family", family, articles, seed, terms, str(folder / "project")
    )
    return folder / "project", folder / "project", labels


def _related_size(
    family: str,
    articles: int,
    seed: int,
    terms: int,
    repeat: int,
    codes: dict[str, Path],
    wire: Path,
) -> list[_RelatedRun]:
    """One corpus: generated (or the wire set), parsed and linked by this checkout's code, each
    in a fresh process, duplicates dropped as the conversion does; then related_for of each
    checkout in `codes` on the articles left, in a fresh process each."""
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as temporary:
        folder = Path(temporary)
        seeds, glossary, labels = _family_corpus(family, articles, seed, terms, folder, wire)
        _in_fresh_process("_step_parse", str(seeds), str(folder / "articles.pickle"))
        link = _in_fresh_process(
            "_step_link",
            str(glossary),
            str(folder / "articles.pickle"),
            str(folder / "linked.pickle"),
        )
        pages = _in_fresh_process(
            "_step_pages", str(folder / "linked.pickle"), str(folder / "pages.pickle")
        )
        results = {
            code: _run_related(folder / "pages.pickle", repeat, tools)
            for code, tools in codes.items()
        }
    dropped = set(pages["dropped"])  # no page: not evaluated
    story_of = {seed: story for seed, story in labels["story_of"].items() if seed not in dropped}
    runs = []
    for code, result in results.items():
        lists = {
            seed: [_Shown(*entry) for entry in entries] for seed, entries in result["shown"].items()
        }
        quality = evaluate(story_of, labels["copy_of"], lists)
        mistakes = _mistakes(labels, lists) if labels["stories"] else None
        stories = len(set(story_of.values()))
        seconds, cpu = statistics.median(result["times"]), statistics.median(result["cpu"])
        edit = statistics.median(result["edits"]) if result.get("edits") else None
        cold_edit = statistics.median(result["cold_edits"]) if result.get("cold_edits") else None
        lists_cpu = statistics.median(result["lists_cpu"]) if result.get("lists_cpu") else None
        runs.append(
            _RelatedRun(
                family,
                pages["count"],
                code,
                seconds,
                cpu,
                result["memory"],
                quality,
                stories,
                link["terms"],
                mistakes,
                result["code"],
                result["arguments"],
                len(pages["dropped"]),
                edit,
                lists_cpu,
                cold_edit,
            )
        )
    return runs


def _shares(run: _RelatedRun, before: _RelatedRun | None) -> str:
    """now/before: wall time, CPU time and CPU time given the words."""
    if not before or not before.seconds:
        return ""
    shares = f"{run.seconds / before.seconds:.2f} (CPU {run.cpu / max(before.cpu, 1e-9):.2f}"
    if run.lists_cpu is not None and before.lists_cpu:
        shares += f", given words {run.lists_cpu / before.lists_cpu:.2f}"
    return shares + ")"


def _related_table(runs: list[_RelatedRun], baseline: bool) -> str:
    before = {(run.family, run.articles): run for run in runs if run.code == "before"}
    headers = [
        "family",
        "articles",
        "stories",
        "terms",
        *(["code"] if baseline else []),
        "related_for",
        "CPU",
        "CPU given words",
        "one edit",
        "new process",
        "per article",
    ]
    headers += [
        *(["now/before"] if baseline else []),
        "peak RSS",
        "precision@5",
        "recall@5",
        "empty",
        "empty w/ mates",
    ]
    headers += ["3+ shown", "copies in slots", "copies found", "shown/page"]
    rows = []
    for run in runs:
        q = run.quality
        ratio = before.get((run.family, run.articles)) if run.code == "now" else None
        row = [
            run.family,
            f"{run.articles:,}",
            f"{run.stories:,}",
            f"{run.terms:,}",
            *([run.code] if baseline else []),
        ]
        row += [
            f"{run.seconds:.3f} s",
            f"{run.cpu:.3f} s",
            f"{run.lists_cpu:.3f} s" if run.lists_cpu is not None else "-",
            f"{run.edit * 1000:.0f} ms" if run.edit is not None else "-",
            f"{run.cold_edit * 1000:.0f} ms" if run.cold_edit is not None else "-",
        ]
        row += [f"{run.seconds / max(1, run.articles) * 1000:.3f} ms"]
        shares = _shares(run, ratio)
        row += [*([shares] if baseline else []), _mb(run.memory)]
        row += [
            f"{q.precision:.3f}",
            f"{q.recall:.3f}",
            f"{q.empty_share:.1%}",
            f"{q.empty_with_mates:,}",
        ]
        row += [f"{q.three_plus_share:.1%} of {q.pages_three_mates:,}", f"{q.copies_in_slots:,}"]
        row += [
            f"{q.copies_found:,} of {q.copy_pairs:,}" if q.copy_pairs else "-",
            f"{q.mean_shown:.2f}",
        ]
        rows.append(row)
    left = {0, 4} if baseline else {0}
    return _table(headers, rows, right=set(range(len(headers))) - left)


def _growth_lines(runs: list[_RelatedRun]) -> list[str]:
    """Per family and checkout: time ratio and growth exponent between consecutive sizes, peak RSS
    per size."""
    series: dict[tuple[str, str], list[_RelatedRun]] = {}
    for run in runs:
        series.setdefault((run.family, run.code), []).append(run)
    lines = []
    for (family, code), group in series.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda run: run.articles)
        steps = []
        for small, large in zip(group, group[1:], strict=False):
            ratio = large.seconds / small.seconds if small.seconds else float("nan")
            growth = large.articles / small.articles
            exponent = (
                math.log(ratio) / math.log(growth) if growth > 1 and ratio > 0 else float("nan")
            )
            steps.append(
                f"{small.articles:,} → {large.articles:,}: time ×{ratio:.1f} for ×{growth:.1f} "
                f"articles, exponent {exponent:.2f}"
            )
        memory = ", ".join(f"{_mb(run.memory)} at {run.articles:,}" for run in group)
        lines.append(f"  {family} ({code}): " + "; ".join(steps) + f"; peak RSS {memory}")
    return lines


def _mistake_table(runs: list[_RelatedRun]) -> str:
    rows = []
    for run in runs:
        if run.mistakes is not None:
            shares = (f"{run.mistakes['mistakes'].get(kind, 0):.1%}" for kind in _MISTAKE_ORDER)
            rows.append(
                [
                    run.family,
                    f"{run.articles:,}",
                    run.code,
                    f"{run.mistakes['wrong']:,}",
                    *shares,
                    f"{run.mistakes['median_days']:.0f} d",
                ]
            )
    headers = ["family", "articles", "code", "wrong", *_MISTAKE_HEADERS, "median days apart"]
    return _table(headers, rows, right=set(range(1, len(headers))) - {2}) if rows else ""


def _related_notes(runs: list[_RelatedRun], codes: dict[str, Path]) -> None:
    """Whose code ran, with what, and what the figures are."""
    for code in codes:
        ran = sorted({run.package for run in runs if run.code == code})
        said = sorted({run.arguments for run in runs if run.code == code})
        print(
            f"related_for {code}: {', '.join(ran) or codes[code]} ({'; '.join(said) or 'not run'})"
        )
    for run in runs:
        if run.dropped and run.code == "now":
            print(
                f"{run.family}, {run.articles:,} articles: {run.dropped:,} more seeds dropped as "
                "duplicates (same original URL), as the conversion does"
            )
    if len(codes) > 1:
        print(
            "parsing, linking, dropping duplicates: this checkout's code for both; both "
            "related_for get the same articles"
        )
        print(
            "now/before: this checkout's related_for time / the baseline's, wall clock (and CPU "
            "time)"
        )
    print(
        "related_for: median wall time of --repeat runs of related_for alone, in a fresh "
        "process (articles parsed"
    )
    print(
        "and linked beforehand, duplicates dropped, in fresh processes; SciPy imported before "
        "the clock); CPU: their median CPU time"
    )
    print(
        "(the one to compare on a busy machine); one edit: median CPU time of update_related "
        "after one article is edited"
    )
    print(
        "(a paragraph of the next article added), from the state of the run before in memory, as "
        "mkdocs serve keeps it"
    )
    print(
        "(5 articles, each the least of --repeat runs, words counted beforehand); new process: the "
        "same from that state read back"
    )
    print(
        "from plain values, as archive convert reads the cache (what a run keeps in memory for "
        "the next is lost); per article: wall time /"
    )
    print("articles; peak RSS: how far the runs")
    print("raised their process's resident memory above its level with the linked articles loaded.")
    print(
        "quality (related_quality.py): a page's 'mates' are the other articles of its story "
        "that are not copies of"
    )
    print(
        "it (same text republished: copy_of, either way); its slots are its related entries not "
        "marked as copies,"
    )
    print(
        "the first 5 counted. precision@5: slot entries that are mates / slot entries; "
        "recall@5: mates shown /"
    )
    print(
        "sum of min(5, mates); empty: pages with no slot entry; empty w/ mates: how many of "
        "those have a mate;"
    )
    print(
        "3+ shown: pages with at least 3 slot entries among pages with at least 3 mates; copies "
        "in slots: known"
    )
    print(
        "copies shown as related entries (counted wrong in precision); copies found: known copy "
        "pairs (page, copy)"
    )
    print("shown apart as copies, of all; shown/page: slot entries per page.")


def bench_related(families: list[str], sizes: list[int], terms: int | None, seed: int, repeat: int,
                  baseline: Path | None = None, wire: Path | None = None) -> None:  # fmt: skip
    """related_for on each family (broad, focused, crowded at each size; wire once), now and, with
    a baseline (another checkout's tools/), before; time, peak memory and quality of the lists."""
    sizes = sorted(dict.fromkeys(sizes))
    wire_folder = wire or _repository() / "tests" / "fixtures" / "wire"
    codes = {
        "now": Path(__file__).resolve().parents[1],
        **({"before": baseline.resolve()} if baseline else {}),
    }
    print(f"{PROGRAM} related: related_for on {', '.join(families)}; "
          f"{', '.join(f'{n:,}' for n in sizes)} articles per synthetic family (seed {seed}), "
          f"median of {repeat}")  # fmt: skip
    print(_environment())
    runs: list[_RelatedRun] = []
    for family in families:
        if family == "wire" and not (wire_folder / "labels.json").is_file():
            print(f"wire: skipped, there is no {wire_folder / 'labels.json'}")
            continue
        for articles in [0] if family == "wire" else sizes:
            glossary_terms = terms if terms is not None else max(300, articles // 5)
            runs += _related_size(
                family, articles, seed, glossary_terms, repeat, codes, wire_folder
            )
    print()
    print(_related_table(runs, baseline is not None))
    growth = _growth_lines(runs)
    if growth:
        print()
        print("growth between consecutive sizes (exponent 1.00 is linear, 2.00 quadratic):")
        print("\n".join(growth))
    mistakes = _mistake_table(runs)
    if mistakes:
        print()
        print(
            "wrongly shown related articles, by what their story shares with the article's "
            "story (sibling story: same"
        )
        print(
            "topic, started within a month of it; entity: a person, place or organisation of "
            "both stories):"
        )
        print(mistakes)
    print()
    _related_notes(runs, codes)
    options = [
        *(["--terms", str(terms)] if terms is not None else []),
        f"--seed {seed}",
        f"--repeat {repeat}",
    ]
    options += [
        *(["--baseline", str(baseline)] if baseline else []),
        *(["--wire", str(wire)] if wire else []),
    ]
    print(_reproduce(["related", "--family", *families, "--articles", *map(str, sizes), *options]))


# --------------------------------------------------------------------------------------------
# build: the public commands on a synthetic copy of the site

_SITE_FILES = (
    "mkdocs.yml",
    "overrides",
    "content",
)  # what a project needs besides seeds/ and glossary/
_GENERATED = ("content/articles", "content/glossary")  # written by the converter; never copied
_TAIL_LINES = 15


@dataclass(frozen=True)
class _Run:
    """One run of a command: its wall time, the peak RSS of its process and what it printed."""

    seconds: float
    peak_mb: float  # ru_maxrss of the process (and of any process it waited for), in MB (MiB)
    status: int  # exit status; negative: killed by that signal
    output: str  # stdout and stderr, in that order
    stderr: str
    tree_mb: float = float(
        "nan"
    )  # the highest sum of the RSS of the process and its descendants alive at once


@dataclass(frozen=True)
class _Step:
    key: str
    label: str
    runs: tuple[_Run, ...]

    @property
    def ok(self) -> list[_Run]:
        return [run for run in self.runs if run.status == 0]

    @property
    def seconds(self) -> float | None:
        return statistics.median(run.seconds for run in self.ok) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(run.peak_mb for run in self.ok) if self.ok else None

    @property
    def tree_mb(self) -> float | None:
        sampled = [run.tree_mb for run in self.ok if not math.isnan(run.tree_mb)]
        return max(sampled) if sampled else None


_BUILD_STEPS = {
    "full": "a. convert from scratch",
    "noop": "b. convert, nothing changed",
    "edit": "c. convert after editing one seed",
    "kept": "c'. the same, cache kept in memory (as under mkdocs serve)",
    "add": "d. convert after adding one seed",
    "site": "e. mkdocs build from scratch (plugin converts)",
    "plain": "f. mkdocs build of converted pages (plugin off)",
    "serve": "g. mkdocs serve --dirty: one seed edited until served",
    "pagefind": "h. Pagefind alone on the site of e",
}


def _repository() -> Path:
    """The project whose site is benchmarked: the checkout this module is in (editable install),
    else the cwd."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "mkdocs.yml").is_file() else Path.cwd()


# Started by _measure, in a new small interpreter: spawns the command, waits for it with os.wait4
# and writes "<seconds> <ru_maxrss> <exit status> <tree peak>" to the file named first. Meanwhile a
# thread sums the memory of the command's process and its descendants (their proportional set sizes,
# from /proc, so that pages a forked worker shares with its parent count once) every 0.2 s: the peak
# of what they hold at once (a build's Pagefind runs while MkDocs still holds its pages), which
# ru_maxrss, the largest single process's, does not show. It is "nan" where there is no /proc.
_LAUNCHER = """
import os, sys, threading, time
result, command = sys.argv[1], sys.argv[2:]

def tree_kb(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/" + name + "/stat") as file:
                    parent = int(file.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:  # proportional set size: pages shared with a forked parent are counted once in all
            with open("/proc/%d/smaps_rollup" % pid) as file:
                total += next((int(line.split()[1]) for line in file if line.startswith("Pss:")), 0)
        except OSError:
            pass
    return total

tree_peak = [float("nan")]
done = threading.Event()

def sample(pid):
    if not os.path.isdir("/proc"):
        return
    tree_peak[0] = 0
    while not done.wait(0.2):
        tree_peak[0] = max(tree_peak[0], tree_kb(pid))

start = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
sampler = threading.Thread(target=sample, args=(pid,), daemon=True)
sampler.start()
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
done.set()
sampler.join()
with open(result, "w") as file:
    exit_status = os.waitstatus_to_exitcode(status)
    file.write(f"{seconds!r} {usage.ru_maxrss} {exit_status} {tree_peak[0]!r}")
"""


def _measure(command: list[str], project: Path, env: dict[str, str], log: Path) -> _Run:
    """Run command in project to completion: its wall time, and the peak RSS of its process.

    Both come from a small launcher process (`_LAUNCHER`) that spawns the command, times it with
    time.perf_counter and reads its rusage with os.wait4. Not this process: on Linux a new
    process's ru_maxrss starts at the RSS high-water mark of the process that spawned it (fork
    copies it and exec keeps it), and this one has imported the converter, NumPy and SciPy. The
    launcher is a bare interpreter (-I -S), so the floor of the figures is its RSS (about 10 MB).
    """
    out_path, err_path, result = (
        log.with_suffix(".out"),
        log.with_suffix(".err"),
        log.with_suffix(".rusage"),
    )
    launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(result), *command]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        launched = subprocess.run(
            launcher, cwd=project, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    try:
        seconds, maxrss, status, tree_kb = result.read_text().split()
    except (OSError, ValueError):  # the launcher itself failed: its error is on stderr
        return _Run(float("nan"), float("nan"), launched.returncode or 1, stdout + stderr, stderr)
    peak = (
        int(maxrss) / (1024 * 1024) if sys.platform == "darwin" else int(maxrss) / 1024
    )  # bytes on macOS, KiB on Linux
    return _Run(float(seconds), peak, int(status), stdout + stderr, stderr, float(tree_kb) / 1024)


def _floor_mb() -> float:
    """The lowest peak RSS `_measure` can report: the launcher's own."""
    with tempfile.TemporaryDirectory(prefix="archive-bench-floor-") as folder:
        run = _measure(
            [sys.executable, "-I", "-S", "-c", "pass"],
            Path(folder),
            dict(os.environ),
            Path(folder) / "floor",
        )
    return run.peak_mb


def _command_env(plugin: bool) -> dict[str, str]:
    package_parent = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1"}
    # Python as people run it keeps the modules it compiles (__pycache__): a shell that says not
    # to would make every measured command compile the whole package again (40 ms and more).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ARCHIVE_PLUGIN", None)
    if not plugin:
        env["ARCHIVE_PLUGIN"] = "false"
    return env


class _BuildProject:
    """A temporary copy of the site with a synthetic corpus, and the commands run on it."""

    def __init__(self, root: Path, held_back: Path, logs: Path, articles: int) -> None:
        self.root, self.held_back, self.logs, self.articles = root, held_back, logs, articles
        self.config = root / "mkdocs.yml"
        self.count = 0  # runs so far, to name their logs

    def convert(self, label: str) -> _Run:
        return self._run(
            [sys.executable, "-m", "reading_archive", "-f", str(self.config), "convert"],
            label,
            plugin=True,
        )

    def mkdocs_build(self, label: str, plugin: bool) -> _Run:
        return self._run(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(self.config)], label, plugin=plugin
        )

    def remove(self, *names: str) -> None:
        for name in names:
            shutil.rmtree(self.root / name, ignore_errors=True)

    def _run(self, command: list[str], label: str, plugin: bool) -> _Run:
        self.count += 1
        run = _measure(command, self.root, _command_env(plugin), self.logs / f"{self.count:03d}")
        together = (
            ""
            if math.isnan(run.tree_mb)
            else f" ({run.tree_mb:,.0f} MB with its child processes at once)"
        )
        outcome = (
            f"{run.seconds:.2f} s, {run.peak_mb:,.0f} MB{together}"
            if run.status == 0
            else f"FAILED (exit status {run.status})"
        )
        sys.stdout.flush()
        print(f"  {self.articles:,} articles, {label}: {outcome}", file=sys.stderr, flush=True)
        if run.status != 0:
            tail = run.stderr.rstrip().splitlines()[-_TAIL_LINES:] or ["(nothing on stderr)"]
            print(
                f"{self.articles:,} articles, {label}: failed with exit status {run.status}; end "
                "of its stderr:"
            )
            print("\n".join(f"    {line}" for line in tail))
        return run


def _make_project(
    folder: Path, articles: int, repeat: int, seed: int, terms: int
) -> tuple[_BuildProject, dict[str, Any]]:
    """Copy the site's files into folder/project and write the corpus; `repeat` extra seeds wait in
    folder/held-back."""
    repository = _repository()
    root = folder / "project"
    root.mkdir()
    skipped = {(repository / name).resolve() for name in _GENERATED}
    for name in _SITE_FILES:
        source = repository / name
        if source.is_dir():
            shutil.copytree(
                source,
                root / name,
                ignore=lambda where, names: [
                    n for n in names if (Path(where) / n).resolve() in skipped
                ],
            )
        else:
            shutil.copy2(source, root / name)
    corpus = _in_fresh_process(
        "_step_corpus", str(root), str(folder / "held-back"), articles, repeat, seed, terms
    )
    (folder / "logs").mkdir()
    return _BuildProject(root, folder / "held-back" / "seeds", folder / "logs", articles), corpus


def _change_one_word(seed: Path, replacement: str | None = None) -> None:
    """Replace one word of the seed's body: the first word of 5+ small letters in its longest line
    (a paragraph), by `replacement` or else by "revised" (or "amended" where it already says so)."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    word = re.search(r"\b[a-z]{5,}\b", lines[longest])
    if word is None:
        raise ValueError(f"{seed.name}: no word to change in its longest line")
    replacement = replacement or ("amended" if word.group() == "revised" else "revised")
    lines[longest] = lines[longest][: word.start()] + replacement + lines[longest][word.end() :]
    seed.write_text("\n".join(lines), encoding="utf-8")


def _full_conversions(project: _BuildProject, repeat: int) -> list[_Run]:
    runs = []
    for i in range(repeat):
        project.remove(*_GENERATED, ".cache")
        runs.append(project.convert(f"{_BUILD_STEPS['full']} ({i + 1}/{repeat})"))
    return runs


def _noop_conversions(project: _BuildProject, repeat: int) -> list[_Run]:
    return [project.convert(f"{_BUILD_STEPS['noop']} ({i + 1}/{repeat})") for i in range(repeat)]


def _edit_conversions(project: _BuildProject, repeat: int) -> list[_Run]:
    """Edit a different seed before each run: seeds spread evenly over the sorted names."""
    seeds = sorted((project.root / "seeds").glob("*.txt"))
    runs = []
    for i in range(repeat):
        _change_one_word(seeds[(2 * i + 1) * len(seeds) // (2 * repeat)])
        runs.append(project.convert(f"{_BUILD_STEPS['edit']} ({i + 1}/{repeat})"))
    return runs


def _kept_edit_conversions(project: _BuildProject, repeat: int) -> list[_Run]:
    """c with the cache kept in memory between edits (`_step_kept_edits`); the peak RSS is that
    of the whole process (VmHWM), which first converted with nothing changed."""
    result = _in_fresh_process("_step_kept_edits", str(project.root), repeat)
    for i, seconds in enumerate(result["seconds"]):
        print(
            f"  {project.articles:,} articles, {_BUILD_STEPS['kept']} ({i + 1}/{repeat}): "
            f"{seconds:.2f} s",
            file=sys.stderr,
            flush=True,
        )
    return [_Run(seconds, result["peak_mb"], 0, "", "") for seconds in result["seconds"]]


def _add_conversions(project: _BuildProject, repeat: int) -> list[_Run]:
    """Move one held-back synthetic seed into seeds/ before each run."""
    runs = []
    for i, seed in enumerate(sorted(project.held_back.glob("*.txt"))[:repeat]):
        shutil.move(seed, project.root / "seeds" / seed.name)
        runs.append(project.convert(f"{_BUILD_STEPS['add']} ({i + 1}/{repeat})"))
    return runs


def _site_builds(project: _BuildProject, repeat: int) -> list[_Run]:
    """From scratch: no site/, cache or pages from `archive convert` (as in a fresh checkout)."""
    runs = []
    for i in range(repeat):
        project.remove("site", ".cache", *_GENERATED)
        runs.append(project.mkdocs_build(f"{_BUILD_STEPS['site']} ({i + 1}/{repeat})", plugin=True))
    return runs


def _plain_builds(project: _BuildProject, repeat: int) -> list[_Run]:
    """Convert once (not measured) so that content/ holds the pages, then build without plugin."""
    if project.convert("convert before the plain builds (not measured)").status != 0:
        print(
            f"{project.articles:,} articles: the plain builds use whatever pages the failed "
            "conversion left"
        )
    runs = []
    for i in range(repeat):
        project.remove("site")
        runs.append(
            project.mkdocs_build(f"{_BUILD_STEPS['plain']} ({i + 1}/{repeat})", plugin=False)
        )
    return runs


def _pagefind_runs(project: _BuildProject, repeat: int) -> list[_Run]:
    """The indexing that e ends with (search: pagefind), on its own: the plugin's indexer, with
    its default part size, run in a process of its own on e's site."""
    if not (project.root / "site" / "pagefind").is_dir():
        return []  # the site's search is not Pagefind
    command = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from reading_archive.plugin.pagefind import "
        "PagefindIndexer; PagefindIndexer().index(Path(sys.argv[1]))",
        str(project.root / "site"),
    ]
    return [
        project._run(command, f"{_BUILD_STEPS['pagefind']} ({i + 1}/{repeat})", plugin=True)
        for i in range(repeat)
    ]


def _serve_edits(project: _BuildProject, repeat: int) -> list[_Run]:
    """With `mkdocs serve --dirty` running (as `./run serve` runs it for a curator): seconds
    from saving an edit of one seed until the server answers with the changed article page, polled
    every 0.1 s. Peak RSS is the server's (VmHWM) at the end. A different seed is edited each time,
    after the previous edit has shown."""
    from reading_archive.render.article import generated_from

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    log = open(project.logs / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = mkdocs_serve(
        project.config,
        port,
        "--dirty",
        cwd=project.root,
        env=_command_env(plugin=True),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )
    runs = []
    try:
        if not wait_for(lambda: fetch_text(base) is not None, _SERVE_TIMEOUT):
            return [_Run(float("nan"), float("nan"), 1, "", "mkdocs serve did not answer")]
        pages = project.root / ".cache" / "reading-archive" / "pages"
        url_of = {}
        for page in pages.glob("articles/*/*/*.md"):
            url_of[generated_from(page.read_text(encoding="utf-8"))] = (
                base + page.relative_to(pages).with_suffix("").as_posix() + "/"
            )
        seeds = sorted((project.root / "seeds").glob("*.txt"))
        for i in range(repeat):
            seed = seeds[(2 * i + 1) * len(seeds) // (2 * repeat)]
            url = url_of[f"seeds/{seed.name}"]
            marker = f"servedit{i}marker"
            start = time.perf_counter()
            _change_one_word(seed, marker)
            shown = wait_for(functools.partial(_page_shows, url, marker), _SERVE_TIMEOUT)
            seconds = time.perf_counter() - start
            runs.append(
                _Run(
                    seconds if shown else float("nan"),
                    float("nan"),
                    0 if shown else 1,
                    "",
                    "" if shown else "edit never shown",
                )
            )
            print(
                f"  {project.articles:,} articles, {_BUILD_STEPS['serve']} ({i + 1}/{repeat}): "
                f"{seconds:.2f} s",
                file=sys.stderr,
                flush=True,
            )
        peak = _proc_status_of(server.pid).get("VmHWM", float("nan"))
        return [dataclasses.replace(run, peak_mb=peak) for run in runs]
    finally:
        stop_serving(server)
        log.close()


_SERVE_TIMEOUT = 1800.0


def _page_shows(url: str, marker: str) -> bool:
    """Whether the page at `url` holds `marker` (not while it cannot be fetched)."""
    return marker in (fetch_text(url) or "")


def _proc_status_of(pid: int) -> dict[str, float]:
    """VmRSS, VmHWM… of a process, in MB (Linux; empty elsewhere)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {
        k: int(v.split()[0]) / 1024
        for k, v in (line.split(":", 1) for line in lines)
        if v.strip().endswith("kB")
    }


class _ByteCount:
    """A file object that only counts what is written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass


def _gzip_size(path: Path) -> int:
    """Size of the file gzipped at level 6 (as gzip.compress would), streamed: not all in memory."""
    sink = _ByteCount()
    with (
        open(path, "rb") as source,
        gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=6, mtime=0) as target,
    ):
        shutil.copyfileobj(source, target, 1 << 20)
    return sink.size


def _site_figures(site: Path) -> dict[str, Any] | None:
    if not site.is_dir():
        return None
    sizes = {path: path.stat().st_size for path in site.rglob("*") if path.is_file()}
    html = {path: size for path, size in sizes.items() if path.suffix == ".html"}
    largest = max(html, key=html.__getitem__) if html else None
    index = site / "search" / "search_index.json"
    return {
        "bytes": sum(sizes.values()),
        "files": len(sizes),
        "html": len(html),
        "html_mean": sum(html.values()) / len(html) if html else 0,
        "html_max": html[largest] if largest else 0,
        "largest": largest.relative_to(site).as_posix() if largest else "-",
        "search": index.stat().st_size if index.is_file() else None,
        "search_gzip": _gzip_size(index) if index.is_file() else None,
        "pagefind": sum(
            size for path, size in sizes.items() if path.parts[len(site.parts)] == "pagefind"
        )
        or None,
        "pagefind_files": sum(1 for path in sizes if path.parts[len(site.parts)] == "pagefind")
        or None,
    }


def _search_figures(project: _BuildProject) -> dict[str, Any] | str:
    """A reader's first query for a common and a rare word of the corpus (see bench_search.py)."""
    from .bench_search import query_downloads, query_words

    words = query_words(project.root / "seeds")
    try:
        downloads = query_downloads(project.root / "site", words)
    except Exception as error:  # a benchmark goes on: the figure is missing, and says why
        return f"the query failed: {error}"
    if isinstance(downloads, str):
        return downloads
    return {label: {**figures, "seeds": words[label][1]} for label, figures in downloads.items()}


def _search_table(results: list[_SizeResult]) -> str:
    lines = [
        "Pagefind, a reader's first query (bytes fetched from pagefind/, Chromium, empty cache):"
    ]
    for result in results:
        if isinstance(result.search, str) or result.search is None:
            lines.append(
                f"  {result.articles:,} articles: not measured ({result.search or 'no site'})"
            )
            continue
        for label, query in result.search.items():
            lines.append(
                f"  {result.articles:,} articles, {label} '{query['word']}' (in "
                f"{query['seeds']:,} seed{'s' if query['seeds'] != 1 else ''}): "
                f"{_size(query['bytes'])} in {query['requests']} requests; {query['found']}"
            )
    return "\n".join(lines)


def _messages(step: _Step) -> list[str]:
    """Distinct warnings and errors a step printed (MkDocs log lines; the converter's on stderr)."""
    if step.key in ("site", "plain"):
        lines = [
            line
            for run in step.runs
            for line in run.output.splitlines()
            if re.match(r"(WARNING|ERROR)\b", line)
        ]
    else:
        lines = [line for run in step.runs for line in run.stderr.splitlines() if line.strip()]
    return list(dict.fromkeys(lines))


@dataclass(frozen=True)
class _SizeResult:
    articles: int
    corpus: dict[str, Any]
    steps: dict[str, _Step]
    site: dict[str, Any] | None  # the site of the last build with the plugin (e)
    plain_site: dict[str, Any] | None  # the site of the last build without it (f)
    search: dict[str, Any] | str | None = (
        None  # Pagefind queries on the site of e (bench_search.py), or why not
    )


_CONVERSION_STEPS = ("full", "noop", "edit", "kept", "add")


def _bench_size(
    articles: int, seed: int, terms: int, repeat: int, keep: bool, conversion_only: bool = False
) -> _SizeResult:
    folder = Path(tempfile.mkdtemp(prefix=f"archive-bench-build-{articles}-"))
    try:
        project, corpus = _make_project(folder, articles, repeat, seed, terms)
        steps = {}
        site = search = None
        for key, measure in [
            ("full", _full_conversions),
            ("noop", _noop_conversions),
            ("edit", _edit_conversions),
            ("kept", _kept_edit_conversions),
            ("add", _add_conversions),
            ("site", _site_builds),
            ("plain", _plain_builds),
            ("serve", _serve_edits),
        ]:
            if conversion_only and key not in _CONVERSION_STEPS:
                continue
            steps[key] = _Step(key, _BUILD_STEPS[key], tuple(measure(project, repeat)))
            if key == "site":
                site = _site_figures(project.root / "site")
                steps["pagefind"] = _Step(
                    "pagefind", _BUILD_STEPS["pagefind"], tuple(_pagefind_runs(project, repeat))
                )
                search = _search_figures(project)
        return _SizeResult(
            articles, corpus, steps, site, _site_figures(project.root / "site"), search
        )
    finally:
        if keep:
            print(f"{articles:,} articles: project kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _seconds(value: float | None) -> str:
    return "failed" if value is None else f"{value:.2f} s" if value < 100 else f"{value:,.0f} s"


def _rss(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MB"


def _size(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 1024:,.1f} KB" if value < 1024 * 1024 else f"{value / (1024 * 1024):,.1f} MB"


def _ratio(small: float | None, large: float | None) -> str:
    return f"{large / small:.1f}" if small and large is not None else "-"


def _step_table(results: list[_SizeResult]) -> str:
    first, last = results[0], results[-1]
    several = len(results) > 1
    headers = ["step"]
    for result in results:
        headers += [f"{result.articles:,} articles", "peak RSS", "all at once"]
    if several:
        headers.append(f"{last.articles:,}/{first.articles:,} ratio")
    rows = []
    for key, label in _BUILD_STEPS.items():
        if not all(key in result.steps for result in results) or not any(
            result.steps[key].runs for result in results
        ):
            continue  # --conversion-only, or h. without Pagefind
        row = [label]
        for result in results:
            step = result.steps[key]
            failed = len(step.runs) - len(step.ok)
            row += [
                _seconds(step.seconds)
                + (f" ({failed} of {len(step.runs)} failed)" if failed and step.ok else ""),
                _rss(step.peak_mb),
                _rss(step.tree_mb),
            ]
        if several:
            row.append(_ratio(first.steps[key].seconds, last.steps[key].seconds))
        rows.append(row)
    if "plain" not in first.steps:
        return _table(headers, rows)
    row = ["e / f (target: at most 1.5)"]
    for result in results:
        row += [_ratio(result.steps["plain"].seconds, result.steps["site"].seconds), "", ""]
    rows.append(row + ([""] if several else []))
    return _table(headers, rows)


_SITE_ROWS = [
    ("site/, all files", "bytes", _size),
    ("files in site/", "files", lambda v: f"{v:,}"),
    ("HTML pages", "html", lambda v: f"{v:,}"),
    ("bytes per HTML page, mean", "html_mean", _size),
    ("bytes per HTML page, max", "html_max", _size),
    ("search/search_index.json", "search", _size),
    ("  gzipped (level 6)", "search_gzip", _size),
    ("pagefind/ (Pagefind's index)", "pagefind", _size),
    ("  files", "pagefind_files", lambda v: f"{v:,}"),
]


def _site_table(results: list[_SizeResult]) -> str:
    first, last = results[0], results[-1]
    several = len(results) > 1
    headers = ["site (built by e)", *(f"{result.articles:,} articles" for result in results)]
    if several:
        headers.append(f"{last.articles:,}/{first.articles:,} ratio")
    rows = []
    for label, key, shown in _SITE_ROWS:
        values = [result.site.get(key) if result.site else None for result in results]
        row = [label, *("-" if value is None else shown(value) for value in values)]
        if several:
            row.append(_ratio(values[0], values[-1]))
        rows.append(row)
    return _table(headers, rows)


def _versions() -> str:
    """Python, the machine, MkDocs and Material (from package metadata: nothing heavy imported)."""
    from importlib import metadata

    versions = []
    for name in ("mkdocs", "mkdocs-material"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{multiprocessing.cpu_count()} CPUs, {', '.join(versions)}"
    )


def bench_build(
    sizes: list[int],
    terms: int | None,
    seed: int,
    repeat: int,
    keep: bool = False,
    conversion_only: bool = False,
) -> None:
    """Time the public commands on a synthetic copy of the site, at several archive sizes.

    For each size a temporary project gets this repository's mkdocs.yml, overrides/ and content/
    (without the generated content/articles and content/glossary) and a synthetic corpus: seeds/
    and glossary/ from `generate_corpus(articles + repeat)`, the last `repeat` seeds held back for
    step d. Every figure is one command run in its own process, as a user runs it:
    `python -m reading_archive -f project/mkdocs.yml convert` or `python -m mkdocs build -f …`
    (with NO_MKDOCS_2_WARNING=1). Each step runs `repeat` times; its time is the median of the
    runs that succeeded, its peak RSS the highest of theirs.

    a. convert from scratch: content/articles, content/glossary and .cache deleted before each run.
    b. convert, nothing changed: again on the converted project.
    c. convert after editing one seed: one word of one seed's body changed (another seed each run).
    c'. the same in one process that keeps the cache in memory between edits, as the plugin does
       under `mkdocs serve`: the time of converting, exporting and writing only (no start-up, no
       cache file); see `_step_kept_edits`.
    d. convert after adding one seed: one held-back seed moved into seeds/ before each run.
    e. mkdocs build from scratch, the `archive` plugin converting: site/, .cache and the pages of
       `archive convert` deleted before each run (as in a fresh checkout). The site table
       describes its site/: all files, HTML pages, search/search_index.json raw and gzipped.
    f. mkdocs build of the same pages with the plugin off (ARCHIVE_PLUGIN=false), after one
       unmeasured `archive convert`; site/ deleted before each run. e / f is what the plugin's
       conversion adds to a build (target: at most 1.5).
    g. mkdocs serve --dirty, as `./run serve` runs it: seconds from saving an edit of one seed
       until the server answers with the changed page (another seed each time); the peak RSS
       is the server's.

    h. Pagefind alone (when the site's search is Pagefind): the command that ends e, run again on
       e's site, for its own time and peak RSS. Then a reader's first query in Chromium for a
       common and a rare word of the corpus: bytes fetched from pagefind/ (bench_search.py),
       and the size of pagefind/ on disk in the site table.

    time: wall time around the process (Python start-up and imports included). peak RSS: the
    ru_maxrss of that process from os.wait4 in a small launcher (see `_measure`), which is that of
    the largest of the process and the children it waited for; all at once: the highest sum of the
    memory (PSS) of the process and its descendants at one time, sampled by the launcher. The ratio
    column divides the largest size's figure by the smallest's (linear growth gives the ratio of the
    sizes). A failing command's stderr tail is printed and the other steps go on. `conversion_only`
    runs steps a-d alone."""
    sizes = sorted(dict.fromkeys(sizes))
    print(
        f"{PROGRAM} build: archive convert and mkdocs build on "
        f"{', '.join(f'{n:,}' for n in sizes)} synthetic articles (seed {seed}), median of "
        f"{repeat}"
    )
    print(_versions())
    results = []
    for articles in sizes:
        glossary_terms = terms if terms is not None else max(300, articles // 5)
        results.append(_bench_size(articles, seed, glossary_terms, repeat, keep, conversion_only))
    print()
    print(_step_table(results))
    if not conversion_only:
        print()
        print(_site_table(results))
    if not conversion_only:
        print()
        print(_search_table(results))
    print()
    for result in results:
        corpus, site, plain = result.corpus, result.site, result.plain_site
        print(
            f"{result.articles:,} articles: {corpus['seeds']:,} seeds ({corpus['megabytes']:.1f} "
            f"MB) + {corpus['held_back']} held back, {corpus['terms']:,} glossary terms; largest "
            f"page: {site['largest'] if site else '-'}"
        )
        if site and plain and (site["html"], site["files"]) != (plain["html"], plain["files"]):
            print(
                f"  the plain build (f) differs: {plain['html']:,} HTML pages, "
                f"{plain['files']:,} files, {_size(plain['bytes'])}"
            )
        for step in result.steps.values():
            messages = _messages(step)
            if messages:
                print(f"  {step.label}: {len(messages)} distinct warning/error lines, e.g.")
                print("\n".join(f"    {line[:200]}" for line in messages[:3]))
    if len(sizes) > 1:
        print(f"linear growth gives a ratio of {sizes[-1] / sizes[0]:.1f}")
    print(
        "time: median wall time of the command's process; peak RSS: the highest ru_maxrss of "
        "that process (os.wait4;"
    )
    print(
        f"no figure can be below {_floor_mb():.0f} MB, the launcher's), the largest process's (a "
        "build's Pagefind run, say);"
    )
    print(
        "all at once: the highest sum of the memory (proportional set size) of the command's "
        "process and its child"
    )
    print(
        "processes alive at the same time, sampled every 0.2 s from /proc. KB and MB are 1,024 "
        "and 1,048,576 bytes."
    )
    terms_argument = [f"--terms {terms}"] if terms is not None else []
    only = ["--conversion-only"] if conversion_only else []
    print(
        _reproduce(
            [
                "build",
                "--articles",
                *map(str, sizes),
                *terms_argument,
                f"--seed {seed}",
                f"--repeat {repeat}",
                *only,
            ]
        )
    )


def bench_anchor(cases: list[str], seed: int) -> None:
    """Time anchoring annotations in the cases named, each in a fresh process."""
    print(f"Anchoring annotations to article text ({_environment()})")
    rows = []
    for name in cases:
        result = _in_fresh_process("_step_anchor", name, seed)
        found = (
            f"{result['exact']} exact, {result['tolerant']} tolerant, {result['orphaned']} orphaned"
        )
        times = [f"{result['seconds']:.2f} s", f"{result['cpu']:.2f} s"]
        rows.append([name, f"{result['characters']:,}", *times, _mb(result["peak_mb"]), found])
    print(
        _table(
            ["case", "text chars", "time", "CPU time", "peak memory", "annotations"],
            rows,
            right={1, 2, 3, 4},
        )
    )
    for name in cases:
        print(f"  {name}: {ANCHOR_CASES[name]}")
    print(
        "time: anchor_annotations alone (the seed parsed beforehand), wall clock and CPU (the "
        "CPU figure is the"
    )
    print(
        "one to compare on a busy machine); peak memory: how far it raised the process's "
        "resident set."
    )
    print(_reproduce(["anchor", "--case", *cases, f"--seed {seed}"]))


def _add_anchor_command(commands: Any) -> None:
    anchor = commands.add_parser(
        "anchor",
        help="time anchoring annotations (exact, normalised, tolerant) on synthetic texts up to "
        "4 MiB",
        description="For each case: generate a seed and quotes from a seeded generator, then "
        "time anchor_annotations and measure its peak memory in a fresh process. Cases: "
        + "; ".join(f"{name}: {what}" for name, what in ANCHOR_CASES.items()),
    )
    _add_choices(anchor, "--case", list(ANCHOR_CASES), "cases")
    anchor.add_argument("--seed", type=int, default=0, help="generator seed (default: %(default)s)")


def bench_copies(kinds: list[str]) -> None:
    """How many copies of each kind the related articles tell apart (copy_variants.py)."""
    from .copy_variants import copy_figures

    print(f"Republished copies of the hand-written sets' reports ({_environment()})")
    rows = [
        [f.kind, str(f.copies), str(f.told), str(f.told_back), str(f.wrong)]
        for f in copy_figures(_repository(), kinds)
    ]
    print(
        _table(
            ["copy", "copies", "told", "original told", "other pairs told"],
            rows,
            right={1, 2, 3, 4},
        )
    )
    print(
        "copies: reports of tests/fixtures/{wire,war2024,brexit,energy,sudan} with enough "
        "paragraphs (not themselves copies),\ncopied this way, each kind in an archive of its own "
        "with all the reports; told: the copy's list names\nits original as a copy; original "
        "told: the original's list names the copy; other pairs told: pairs named\ncopies that "
        "are not of one text (an original, the sets' own copies of it, the copy made of it)."
    )
    print(_reproduce(["copies", "--kind", *(f'"{kind}"' for kind in kinds)]))


def _add_copies_command(commands: Any) -> None:
    from .copy_variants import KINDS

    copies = commands.add_parser(
        "copies",
        help="count the republished copies the related articles tell apart",
        description="Copy the hand-written sets' reports the ways outlets republish them (cut, "
        "a paragraph dropped, a note or credit added, words changed), each kind in an archive of "
        "its own, and count the copies related_for tells apart and the pairs it wrongly takes "
        "for copies.",
    )
    _add_choices(copies, "--kind", list(KINDS), "kinds of copy")


def _add_choices(command: Any, option: str, choices: list[str], what: str) -> None:
    """An option taking some of `choices`, all by default."""
    command.add_argument(
        option, nargs="+", choices=choices, default=choices, help=f"{what} (default: all)"
    )


def _add_related_command(commands: Any) -> None:
    related = commands.add_parser(
        "related",
        help="time related_for on families of corpora and measure its lists against the stories",
        description="For each family and size: generate the corpus (or take the wire fixture), "
        "parse and link it, then time related_for (median of --repeat runs) and its peak "
        "memory, each in a fresh process, and evaluate the lists against the stories "
        "(related_quality.py). Families: "
        + "; ".join(f"{name}: {what}" for name, what in RELATED_FAMILIES.items()),
    )
    families = list(RELATED_FAMILIES)
    related.add_argument(
        "--family", nargs="+", choices=families, default=families, help="families (default: all)"
    )
    related.add_argument(
        "--articles",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="sizes of each synthetic family (default: 1000 10000)",
    )
    related.add_argument(
        "--terms",
        type=int,
        default=None,
        help="glossary terms of broad (default: one per 5 articles, at least 300)",
    )
    related.add_argument("--seed", type=int, default=0, help="corpus seed (default: %(default)s)")
    related.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of related_for per corpus (default: %(default)s)",
    )
    related.add_argument("--baseline", type=Path, default=None, metavar="TOOLS",
                         help="another checkout's tools/ folder: its related_for is run too, "
                              "on the same linked articles")  # fmt: skip
    related.add_argument("--wire", type=Path, default=None, metavar="FOLDER",
                         help="the labelled set of the wire family: FOLDER/seeds/*.txt, "
                              "FOLDER/labels.json (default: tests/fixtures/wire)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROGRAM, description="Benchmarks on a synthetic corpus; they print figures."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    link = commands.add_parser(
        "link",
        help="time parsing seeds and linking them to the glossary",
        description="Generate a synthetic corpus and glossary, parse all seeds, load the "
        "glossary, build its index and link every article; print times, rates, mentions per "
        "article and peak memory of each step.",
    )
    link.add_argument(
        "--articles", type=int, default=10000, help="number of articles (default: %(default)s)"
    )
    link.add_argument(
        "--terms", type=int, default=2000, help="number of glossary terms (default: %(default)s)"
    )
    link.add_argument("--seed", type=int, default=0, help="corpus seed (default: %(default)s)")
    _add_related_command(commands)
    build = commands.add_parser(
        "build",
        help="time archive convert and mkdocs build on a synthetic copy of the site, and "
        "measure the site",
        description="For each size: copy the site into a temporary project with a synthetic "
        "corpus, then time (median of --repeat runs) and measure the peak memory of archive "
        "convert from scratch, with nothing changed, after editing one seed and after adding "
        "one, mkdocs build from scratch (the plugin converting) and mkdocs build with the "
        "plugin off; and measure the site: its size, HTML pages, search index.",
    )
    build.add_argument(
        "--articles",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="archive sizes (default: 1000 10000)",
    )
    build.add_argument(
        "--terms",
        type=int,
        default=None,
        help="glossary terms (default: one per 5 articles, at least 300)",
    )
    build.add_argument("--seed", type=int, default=0, help="corpus seed (default: %(default)s)")
    build.add_argument(
        "--repeat", type=int, default=3, help="runs of each step per size (default: %(default)s)"
    )
    build.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary projects (their folders are printed)",
    )
    build.add_argument(
        "--conversion-only", action="store_true", help="run the conversion steps (a-d) alone"
    )
    _add_anchor_command(commands)
    _add_copies_command(commands)
    arguments = parser.parse_args(argv)

    if arguments.command == "link":
        if arguments.articles < 1 or arguments.terms < 0:
            parser.error("--articles must be at least 1 and --terms at least 0")
        bench_link(arguments.articles, arguments.terms, arguments.seed)
    elif arguments.command == "anchor":
        bench_anchor(arguments.case, arguments.seed)
    elif arguments.command == "copies":
        bench_copies(list(dict.fromkeys(arguments.kind)))
    elif arguments.command == "build":
        if (
            min(arguments.articles) < 1
            or arguments.repeat < 1
            or (arguments.terms is not None and arguments.terms < 0)
        ):
            parser.error("--articles and --repeat must be at least 1, --terms at least 0")
        bench_build(
            arguments.articles,
            arguments.terms,
            arguments.seed,
            arguments.repeat,
            arguments.keep,
            arguments.conversion_only,
        )
    else:
        if (
            min(arguments.articles) < 1
            or arguments.repeat < 1
            or (arguments.terms is not None and arguments.terms < 0)
        ):
            parser.error("--articles and --repeat must be at least 1, --terms at least 0")
        if arguments.baseline is not None and not any(
            (arguments.baseline / (name.replace(".", "/") + suffix)).is_file()
            for name in RELATED_MODULES
            for suffix in ("/__init__.py", ".py")
        ):
            parser.error(
                f"--baseline {arguments.baseline}: no reading_archive/enrich/related/ (or, in "
                "older checkouts, reading_archive/enrich/related.py or reading_archive/related.py) "
                "there (give a checkout's tools/ folder)"
            )
        families = list(dict.fromkeys(arguments.family))
        bench_related(
            families,
            arguments.articles,
            arguments.terms,
            arguments.seed,
            arguments.repeat,
            arguments.baseline,
            arguments.wire,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
