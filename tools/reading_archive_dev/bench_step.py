"""What a benchmark step's process needs, in a file that runs against any checkout's tools/.

`archive bench related --baseline OLD/tools` times `related_for` of another checkout: its step
runs this file (`python -c "runpy.run_path(this file)…"`) with PYTHONPATH=OLD/tools, so that
`reading_archive` is the old package while the measuring code is this one (OLD/tools need not
have reading_archive_dev: older checkouts kept the benchmarks inside reading_archive). Hence: the
standard library only at module level, nothing of reading_archive_dev, and `reading_archive`
imported by its absolute name, in the step. bench.py imports the memory measurement and the
pickles from here.
"""

from __future__ import annotations

import dataclasses
import gc
import inspect
import os
import pickle
import resource
import sys
import time
from pathlib import Path
from typing import Any


class PeakMemory:
    """How far a step raises the process's resident set size (RSS) above its level at the start.

    On Linux the kernel's high-water mark (VmHWM) is reset to the current RSS when the step starts
    (`/proc/self/clear_refs`), so the figure is the step's own peak, above what the process held.
    Elsewhere it is the rise of `ru_maxrss`, which misses a peak lower than an earlier one. (Not
    `ru_maxrss` on Linux: a child process inherits its parent's value across fork and exec.)
    """

    def __init__(self) -> None:
        gc.collect()
        self.reset = write_text("/proc/self/clear_refs", "5")
        status = proc_status()
        self.start = (
            status.get("VmRSS" if self.reset else "VmHWM", ru_maxrss_mb())
            if status
            else ru_maxrss_mb()
        )

    def rise(self) -> float:
        status = proc_status()
        peak = status.get("VmHWM", ru_maxrss_mb()) if status else ru_maxrss_mb()
        return max(0.0, peak - self.start)


def ru_maxrss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (
        peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    )  # bytes on macOS, KiB on Linux


def proc_status() -> dict[str, float]:
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


def write_text(path: str, text: str) -> bool:
    try:
        with open(path, "w") as file:
            file.write(text)
        return True
    except OSError:
        return False


def load(path: str) -> Any:
    with open(path, "rb") as file:
        return pickle.load(file)  # streams: no copy of the whole file in memory


def dump(value: Any, path: str) -> None:
    with open(path, "wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)


# The related-articles module of a checkout: in enrich/ since the stages have folders.
RELATED_MODULES = ("reading_archive.enrich.related", "reading_archive.related")


def related_module() -> Any:
    """The checkout's related-articles module, in whichever folder its layout has it."""
    import importlib

    for name in RELATED_MODULES:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name not in (name, name.rsplit(".", 1)[0]):
                raise
    raise ModuleNotFoundError("no related-articles module in reading_archive")


def related_settings_type() -> Any:
    """The checkout's type of related-articles settings: in settings.py, or in older checkouts
    in the related-articles module (which the newer ones, a package, no longer import it into)."""
    related = related_module()
    if hasattr(related, "RelatedSettings"):
        return related.RelatedSettings
    from reading_archive.settings import RelatedSettings

    return RelatedSettings


def related_arguments(articles: list[Any], config: str) -> tuple[dict[str, Any], str]:
    """The arguments the site's conversion gives `related_for` besides the articles, as far as
    this checkout's `related_for` takes them: the settings of the `archive` plugin's `related:`
    block of `config` (an mkdocs.yml; none: the defaults) and the articles each article's text names
    ("Related article: …" lines, resolved as the pipeline does). And what they are, in words."""
    related = related_module()
    accepted = inspect.signature(related.related_for).parameters
    arguments: dict[str, Any] = {}
    said = []
    if config and "settings" in accepted:
        from reading_archive.settings import load_settings

        arguments["settings"] = load_settings(Path(config)).related
        said.append(f"related: settings of {config}")
    else:
        said.append("default settings")
    if "references" in accepted and hasattr(related, "resolve_references"):
        resolved, _ = related.resolve_references(articles)
        arguments["references"] = {
            seed: tuple(titles.values()) for seed, titles in resolved.items()
        }
        said.append("the references named in texts")
    return arguments, ", ".join(said)


def step_related(linked_path: str, repeat: str | int, config: str = "") -> dict[str, Any]:
    """Run related_for `repeat` times on the linked articles; return the timings (wall, CPU), the
    peak memory above the loaded articles, the CPU times of `repeat` runs given the words made
    beforehand (the lists alone: the conversion makes the words when it parses), the lists (seed
    and `.copy` of each entry) and whose code ran."""
    import reading_archive

    related_for = related_module().related_for

    articles = load(linked_path)
    arguments, said = related_arguments(articles, config)
    # imported before the clock, as the pipeline does (related.import_scorer), not in the first run
    try:
        import scipy.sparse  # noqa: F401
    except ImportError:
        pass
    memory = PeakMemory()
    times, cpu = [], []
    for _ in range(int(repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        related_for(articles, **arguments)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        gc.collect()
    rise = memory.rise()
    words = checkout_words(articles)
    lists_cpu = []
    for _ in range(int(repeat)):
        lists_cpu.append(_cpu(related_for, articles, words=words, **arguments)[0])
        gc.collect()
    relations = related_for(articles, **arguments)  # the lists, outside the measurements
    shown = {
        seed: [(r.seed, bool(getattr(r, "copy", False))) for r in entries]
        for seed, entries in relations.items()
    }
    code = os.path.dirname(os.path.abspath(reading_archive.__file__))
    edits, cold_edits = edit_times(articles, arguments, repeat=int(repeat))
    return {
        "times": times,
        "cpu": cpu,
        "lists_cpu": lists_cpu,
        "memory": rise,
        "shown": shown,
        "code": code,
        "arguments": said,
        "edits": edits,
        "cold_edits": cold_edits,
    }


def checkout_words(articles: list[Any]) -> dict[str, Any]:
    """What this checkout's related_for reads of each article's text, by seed, made beforehand as
    the conversion's parse step makes it (older checkouts: one article at a time)."""
    related = related_module()
    if hasattr(related, "articles_words"):
        made = related.articles_words(articles)
    else:
        one = getattr(related, "article_words", None) or related.word_counts
        made = [one(article) for article in articles]
    return {article.seed: words for article, words in zip(articles, made, strict=True)}


def edit_times(
    articles: list[Any], arguments: dict[str, Any], edits: int = 5, repeat: int = 1
) -> tuple[list[float], list[float]]:
    """CPU times of `update_related` after one edit: the state of a run from scratch, then one
    article edited (`edited`), for `edits` articles spread over the archive, each from the state
    of the run before. Each edit is timed twice over: from the state as the run before left it
    in memory, as `mkdocs serve` keeps it, and from that state read back from plain values, as a
    new process of `archive convert` reads the cache (whatever a run keeps in memory for the
    next is lost there). Words are counted beforehand, by the checkout's own `RelatedInput.of`,
    as the conversion's parse step counts them. Each edit is run `repeat` times each way, and the
    least time kept: an edit takes tens of milliseconds, and the machine's other work moves one
    run by as much."""
    related = related_module()
    RelatedInput, RelatedSettings = related.RelatedInput, related_settings_type()
    update_related, from_plain = related.update_related, related.RelatedState.from_plain

    settings, references = (
        arguments.get("settings", RelatedSettings()),
        arguments.get("references", {}),
    )
    inputs = [RelatedInput.of(article, key=f"0:{article.seed}") for article in articles]
    _, state = update_related(None, inputs, settings, references)
    in_memory, new_process = [], []
    for number in range(edits if len(inputs) > edits else 0):
        position = (number * 2 + 1) * len(inputs) // (edits * 2)
        changed = RelatedInput.of(
            edited(articles, position), key=f"{number + 1}:{articles[position].seed}"
        )
        inputs = [*inputs[:position], changed, *inputs[position + 1 :]]
        plain, runs = state.to_plain(), range(max(1, repeat))
        cold = [_cpu(update_related, from_plain(plain), inputs, settings, references) for _ in runs]
        kept = [_cpu(update_related, state, inputs, settings, references) for _ in runs]
        new_process.append(min(seconds for seconds, _ in cold))
        in_memory.append(min(seconds for seconds, _ in kept))
        _, state = kept[-1][1]
    return in_memory, new_process


def _cpu(function: Any, *arguments: Any, **keywords: Any) -> tuple[float, Any]:
    """The CPU time of function(*arguments, **keywords), and what it returned."""
    start = time.process_time()
    result = function(*arguments, **keywords)
    return time.process_time() - start, result


def edited(articles: list[Any], position: int) -> Any:
    """The article at `position` with a paragraph added: the first of the next article's, as a
    curator restores a paragraph the scraper missed. Its words change, and with them its vector,
    its sketch and the document frequencies of the words it adds, which other articles have: an
    edit that is scored. (Adding a word no other article has, as this bench first did, changes
    no vector: no pair was scored again.)"""
    article, other = articles[position], articles[(position + 1) % len(articles)]
    return dataclasses.replace(article, blocks=(*article.blocks, other.blocks[0]))


def main(argv: list[str]) -> None:
    """`runpy.run_path(this file)["main"]([result, linked, repeat, config])`: step_related."""
    result, *args = argv
    dump(step_related(*args), result)
