"""Benchmarks on a synthetic corpus: they print figures, they test nothing.

    bench link     [--articles 10000] [--terms 2000] [--seed 0]
    bench related  [--articles 1000 10000] [--terms N] [--seed 0] [--repeat 3]

`link` times reading the seeds and linking them to the glossary; `related` times `related_for`
at several archive sizes (is it linear?) and measures how often the related articles it shows
belong to the same story (precision@5), which the synthetic corpus knows.

Each measured step runs in a fresh Python process (a subprocess), so its peak memory is its
own: the figure shown is how far the step raised the process's resident set size above what
the process held when the step began (its input loaded, libraries imported); see `_PeakMemory`.
Inputs pass between steps as pickles in a temporary folder.
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

PROGRAM = "archive bench"


# --------------------------------------------------------------------------------------------
# Steps: each runs in a fresh process and returns plain data.


class _PeakMemory:
    """How far a step raises the process's resident set size (RSS) above its level at the start.

    On Linux the kernel's high-water mark (VmHWM) is reset to the current RSS when the step starts
    (`/proc/self/clear_refs`), so the figure is the step's own peak, above what the process held.
    Elsewhere it is the rise of `ru_maxrss`, which misses a peak lower than an earlier one. (Not
    `ru_maxrss` on Linux: a child process inherits its parent's value across fork and exec.)
    """

    def __init__(self) -> None:
        gc.collect()
        self.reset = _write("/proc/self/clear_refs", "5")
        status = _proc_status()
        self.start = status.get("VmRSS" if self.reset else "VmHWM", _ru_maxrss_mb()) if status else _ru_maxrss_mb()

    def rise(self) -> float:
        status = _proc_status()
        peak = status.get("VmHWM", _ru_maxrss_mb()) if status else _ru_maxrss_mb()
        return max(0.0, peak - self.start)


def _ru_maxrss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _proc_status() -> dict[str, float]:
    """VmRSS and VmHWM of this process in MB, from /proc (empty where there is none)."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return {}
    values = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM") and value.split():
            values[key] = int(value.split()[0]) / 1024  # kB
    return values


def _write(path: str, text: str) -> bool:
    try:
        with open(path, "w") as file:
            file.write(text)
        return True
    except OSError:
        return False


def _load(path: str) -> Any:
    with open(path, "rb") as file:
        return pickle.load(file)  # streams: no copy of the whole file in memory


def _dump(value: Any, path: str) -> None:
    with open(path, "wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)


def _step_parse(project: str, out: str) -> dict[str, float]:
    """Parse every seed of project/seeds (the files are read before the clock starts)."""
    import hashlib

    from .read import decode_seed, parse_seed

    root = Path(project)
    files = [(f"seeds/{path.name}", path.read_bytes()) for path in sorted((root / "seeds").glob("*.txt"))]
    memory = _PeakMemory()
    start = time.perf_counter()
    articles = [parse_seed(decode_seed(data, seed), seed, hashlib.sha256(data).hexdigest()) for seed, data in files]
    seconds = time.perf_counter() - start
    rise = memory.rise()
    _dump(articles, out)
    return {"seconds": seconds, "memory": rise, "count": len(articles)}


def _step_link(project: str, articles_path: str, out: str) -> dict[str, float]:
    """Load the glossary, build its index and link every article (each timed on its own)."""
    from .glossary import load_glossary
    from .link import LINKED_BLOCKS, GlossaryIndex, link_article

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

    spans = sum(1 for a in linked for b in a.blocks for item in b.items for span in item if span.term)
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


def _step_related(linked_path: str, repeat: str | int) -> dict[str, Any]:
    """Run related_for `repeat` times on the linked articles; return the timings and the lists."""
    from .related import related_for

    articles = _load(linked_path)
    memory = _PeakMemory()
    times = []
    for _ in range(int(repeat)):
        start = time.perf_counter()
        related_for(articles)
        times.append(time.perf_counter() - start)
        gc.collect()
    rise = memory.rise()
    relations = related_for(articles)  # the lists, outside the measurements
    shown = {seed: [relation.seed for relation in entries] for seed, entries in relations.items()}
    return {"times": times, "memory": rise, "shown": shown}


def _in_fresh_process(name: str, *args: Any) -> Any:
    """Run one of this module's steps in a new interpreter and return its result.

    A plain subprocess rather than a multiprocessing pool: nothing of this process (its heap,
    its __main__) is shared or re-imported, and a step that dies is an error, not a hang.
    """
    with tempfile.TemporaryDirectory(prefix="archive-bench-step-") as folder:
        result = Path(folder) / "result.pickle"
        code = "import sys; from reading_archive.bench import _child; _child(sys.argv[1:])"
        package_parent = str(Path(__file__).resolve().parents[1])
        path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
        completed = subprocess.run(
            [sys.executable, "-c", code, name, str(result), *map(str, args)], env={**os.environ, "PYTHONPATH": path}
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
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = []
    for row in [headers, *rows]:
        cells = [str(cell).rjust(w) if i in right else str(cell).ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _mb(rise: float) -> str:
    return f"+{rise:.1f} MB" if rise < 10 else f"+{rise:,.0f} MB"


def _reproduce(arguments: list[str]) -> str:
    line = " ".join(arguments)
    return f"reproduce: {PROGRAM} {line}\n       or: {Path(sys.executable).name} -m reading_archive.bench {line}"


def _prepare(articles: int, seed: int, terms: int, folder: Path) -> tuple[Any, float, float]:
    """Generate the corpus and write it under folder; return it, the generation time and MB of seeds."""
    from .synthetic import generate_corpus, write_corpus

    start = time.perf_counter()
    corpus = generate_corpus(articles, seed=seed, glossary_terms=terms)
    seconds = time.perf_counter() - start
    write_corpus(corpus, folder)
    return corpus, seconds, sum(len(a.text.encode("utf-8")) for a in corpus.articles) / 1e6


def bench_link(articles: int, terms: int, seed: int) -> None:
    print(f"{PROGRAM} link: {articles:,} synthetic articles (seed {seed}), {terms:,} glossary terms")
    print(_environment())
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as temporary:
        folder = Path(temporary)
        corpus, generated, megabytes = _prepare(articles, seed, terms, folder / "project")
        parse = _in_fresh_process("_step_parse", str(folder / "project"), str(folder / "articles.pickle"))
        link = _in_fresh_process(
            "_step_link", str(folder / "project"), str(folder / "articles.pickle"), str(folder / "linked.pickle")
        )
    count = max(1, link["count"])
    rows = [
        ["generate corpus", f"{generated:.2f} s", f"{articles / generated:,.0f} articles/s", "-"],
        ["parse seeds", f"{parse['seconds']:.2f} s", f"{parse['count'] / parse['seconds']:,.0f} articles/s", _mb(parse["memory"])],
        ["load glossary", f"{link['glossary_seconds']:.2f} s", f"{link['terms'] / max(link['glossary_seconds'], 1e-9):,.0f} terms/s", _mb(link["glossary_memory"]) + " (load + index)"],
        ["build index", f"{link['index_seconds']:.3f} s", f"{link['terms'] / max(link['index_seconds'], 1e-9):,.0f} terms/s", ""],
        ["link articles", f"{link['seconds']:.2f} s", f"{count / link['seconds']:,.0f} articles/s", _mb(link["memory"])],
    ]
    print()
    print(_table(["step", "time", "rate", "peak RSS"], rows, right={1, 2, 3}))
    print()
    print(f"corpus: {len(corpus.articles):,} seeds, {megabytes:.1f} MB, {len(corpus.stories):,} stories")
    print(f"glossary: {link['terms']:,} terms loaded, {link['problems']} problems")
    print(
        f"mentions per article: {link['distinct_terms'] / count:.1f} distinct terms, "
        f"{link['linked_spans'] / count:.1f} linked spans (first mention of each term), "
        f"{link['every_mention'] / count:.1f} mentions in all"
    )
    print(f"total: {generated + parse['seconds'] + link['glossary_seconds'] + link['index_seconds'] + link['seconds']:.2f} s measured")
    print("peak RSS: how far the step raised its process's resident memory above the level at its start")
    print("(input loaded; each step in a fresh process)")
    print(_reproduce(["link", f"--articles {articles}", f"--terms {terms}", f"--seed {seed}"]))


def _evaluate(corpus: Any, shown: dict[str, list[str]], k: int = 5) -> dict[str, float]:
    """Precision of the shown related articles against the story labels, and what the mistakes are."""
    story_of = {f"seeds/{a.name}": a.story for a in corpus.articles}
    stories = {s.id: s for s in corpus.stories}
    size = Counter(a.story for a in corpus.articles)
    hits = total = attainable = best = full = empty = 0
    mistakes: Counter[str] = Counter()
    mistake_days: list[int] = []
    dates = _dates(corpus)
    for seed, related in shown.items():
        story = story_of[seed]
        right = sum(1 for other in related if story_of[other] == story)
        hits += right
        total += len(related)
        attainable += min(k, size[story] - 1)
        best += min(len(related), size[story] - 1)
        full += len(related) == k
        empty += not related
        for other in related:
            if story_of[other] != story:
                mistakes[_mistake(stories[story], stories[story_of[other]])] += 1
                mistake_days.append(abs((dates[other] - dates[seed]).days))
    wrong = max(1, total - hits)
    return {
        "precision": hits / max(1, total),
        "ceiling": best / max(1, total),
        "recall": hits / max(1, attainable),
        "full": full / max(1, len(shown)),
        "empty": empty / max(1, len(shown)),
        "shown": total / max(1, len(shown)),
        "mistakes": {kind: n / wrong for kind, n in mistakes.items()},
        "wrong": total - hits,
        "median_days": statistics.median(mistake_days) if mistake_days else 0,
    }


def _dates(corpus: Any) -> dict[str, Any]:
    from .dates import parse_date

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
        sibling = other.parent == story.id or story.parent == other.id or (story.parent is not None and story.parent == other.parent)
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
_MISTAKE_HEADERS = ["sibling story", "topic+entity", "topic only", "entity only", "secondary topic", "nothing shared"]


def bench_related(sizes: list[int], terms: int | None, seed: int, repeat: int) -> None:
    sizes = sorted(dict.fromkeys(sizes))
    print(f"{PROGRAM} related: related_for on {', '.join(f'{n:,}' for n in sizes)} synthetic articles (seed {seed}), median of {repeat}")
    print(_environment())
    rows = []
    results = []
    for articles in sizes:
        glossary_terms = terms if terms is not None else max(300, articles // 5)
        with tempfile.TemporaryDirectory(prefix="archive-bench-") as temporary:
            folder = Path(temporary)
            corpus, _, _ = _prepare(articles, seed, glossary_terms, folder / "project")
            _in_fresh_process("_step_parse", str(folder / "project"), str(folder / "articles.pickle"))
            link = _in_fresh_process(
                "_step_link", str(folder / "project"), str(folder / "articles.pickle"), str(folder / "linked.pickle")
            )
            related = _in_fresh_process("_step_related", str(folder / "linked.pickle"), repeat)
        seconds = statistics.median(related["times"])
        quality = _evaluate(corpus, related["shown"])
        results.append((articles, seconds, quality, link, len(corpus.stories)))
        rows.append(
            [
                f"{articles:,}",
                f"{len(corpus.stories):,}",
                f"{link['terms']:,}",
                f"{seconds:.2f} s",
                f"{seconds / articles * 1000:.2f} ms",
                _mb(related["memory"]),
                f"{quality['precision']:.3f}",
                f"{quality['ceiling']:.3f}",
                f"{quality['recall']:.3f}",
                f"{quality['full']:.1%}",
                f"{quality['shown']:.2f}",
            ]
        )
    print()
    print(
        _table(
            ["articles", "stories", "terms", "related_for", "per article", "peak RSS", "precision@5", "ceiling", "recall@5", "5 shown", "shown/article"],
            rows,
            right=set(range(11)),
        )
    )
    if len(results) > 1:
        (small, t_small, *_), (large, t_large, *_) = results[0], results[-1]
        ratio = t_large / t_small
        exponent = math.log(ratio) / math.log(large / small) if large != small and ratio > 0 else float("nan")
        print()
        print(
            f"time ratio {large:,} / {small:,} articles: {ratio:.1f} for {large / small:.1f}x the articles "
            f"(growth exponent {exponent:.2f}; 1.00 is linear, 2.00 quadratic)"
        )
    print()
    print("wrongly shown related articles, by what their story shares with the article's story:")
    print("(sibling story: same topic, started within a month of it; topic: same main topic; entity: a person,")
    print("place or organisation of both stories; secondary topic: one story's secondary topic is the other's)")
    mistake_rows = []
    for articles, _, quality, _, _ in results:
        mistake_rows.append(
            [f"{articles:,}", f"{quality['wrong']:,}", *(f"{quality['mistakes'].get(kind, 0):.1%}" for kind in _MISTAKE_ORDER), f"{quality['median_days']:.0f} d"]
        )
    print(_table(["articles", "wrong", *_MISTAKE_HEADERS, "median days apart"], mistake_rows, right=set(range(9))))
    print()
    print("precision@5: shown related articles of the same story / all shown; ceiling: the best precision possible")
    print("showing as many (a story of n articles has only n - 1 right answers); recall@5: right answers shown /")
    print("min(5, story size - 1); 5 shown: share of articles with a full list. peak RSS: how far the related_for")
    print("runs raised their process's resident memory above its level with the linked articles loaded.")
    terms_argument = [f"--terms {terms}"] if terms is not None else []
    print(_reproduce(["related", "--articles", *map(str, sizes), *terms_argument, f"--seed {seed}", f"--repeat {repeat}"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROGRAM, description="Benchmarks on a synthetic corpus; they print figures.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    link = commands.add_parser(
        "link",
        help="time parsing seeds and linking them to the glossary",
        description="Generate a synthetic corpus and glossary, parse all seeds, load the glossary, build its index and "
        "link every article; print times, rates, mentions per article and peak memory of each step.",
    )
    link.add_argument("--articles", type=int, default=10000, help="number of articles (default: %(default)s)")
    link.add_argument("--terms", type=int, default=2000, help="number of glossary terms (default: %(default)s)")
    link.add_argument("--seed", type=int, default=0, help="corpus seed (default: %(default)s)")
    related = commands.add_parser(
        "related",
        help="time related_for at several sizes and measure precision@5 against the stories",
        description="For each size: generate, parse, link, then time related_for (median of --repeat runs) and its peak "
        "memory, and score the lists against the synthetic stories.",
    )
    related.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], help="archive sizes (default: 1000 10000)")
    related.add_argument("--terms", type=int, default=None, help="glossary terms (default: one per 5 articles, at least 300)")
    related.add_argument("--seed", type=int, default=0, help="corpus seed (default: %(default)s)")
    related.add_argument("--repeat", type=int, default=3, help="runs of related_for per size (default: %(default)s)")
    arguments = parser.parse_args(argv)

    if arguments.command == "link":
        if arguments.articles < 1 or arguments.terms < 0:
            parser.error("--articles must be at least 1 and --terms at least 0")
        bench_link(arguments.articles, arguments.terms, arguments.seed)
    else:
        if min(arguments.articles) < 1 or arguments.repeat < 1 or (arguments.terms is not None and arguments.terms < 0):
            parser.error("--articles and --repeat must be at least 1, --terms at least 0")
        bench_related(arguments.articles, arguments.terms, arguments.seed, arguments.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
