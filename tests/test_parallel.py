"""Work shared among processes (`build/parallel.py`): shares of a list of jobs come back in
order."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from reading_archive.build.parallel import Background, ShardError, Shards


def keep_square(number: int) -> tuple[int, int]:
    return number, number * number


@dataclass(frozen=True)
class Offset:
    """A function that carries data to the workers, as the related-article chooser does."""

    offset: int

    def __call__(self, share: Sequence[int]) -> list[tuple[int, int]]:
        return [(number + self.offset, os.getpid()) for number in share]


def failing(share: Sequence[int]) -> list[int]:
    if max(share) >= 20:  # in the last worker's share
        raise ValueError("a job failed")
    return list(share)


def forks() -> bool:
    """Whether Shards will fork: never beside other threads (an earlier test may leave one)."""
    return threading.active_count() == 1


def test_shares_are_computed_by_every_process_and_come_back_in_order() -> None:
    with Shards(processes=3, min_jobs=10) as shards:
        shards.map_keep(keep_square, [(n,) for n in range(30)])
        results = shards.map_shares(Offset(1000), list(range(100)))
    assert [value for value, _ in results] == list(range(1000, 1100))
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid() and len(set(pids)) == (3 if forks() else 1)
    assert pids == sorted(pids, key=pids.index)  # each process took one contiguous share


def test_few_jobs_are_computed_here() -> None:
    with Shards(processes=3, min_jobs=10) as shards:
        shards.map_keep(keep_square, [(n,) for n in range(30)])
        results = shards.map_shares(Offset(0), list(range(9)))
    assert results == [(n, os.getpid()) for n in range(9)]


def test_without_workers_all_shares_are_computed_here() -> None:
    with Shards(processes=3, min_jobs=10) as shards:
        shards.map_keep(keep_square, [(n,) for n in range(5)])  # too few to fork
        results = shards.map_shares(Offset(0), list(range(50)))
    assert results == [(n, os.getpid()) for n in range(50)]


def test_a_failure_in_a_worker_is_raised_with_its_traceback() -> None:
    with Shards(processes=2, min_jobs=10) as shards:
        shards.map_keep(keep_square, [(n,) for n in range(30)])
        with pytest.raises(ShardError if forks() else ValueError, match="a job failed"):
            shards.map_shares(failing, list(range(40)))


def add(kept: int, number: int) -> tuple[int, int]:
    return kept + number, os.getpid()


def test_kept_values_are_used_where_they_are_kept_and_meanwhile_runs_here_once() -> None:
    calls: list[int] = []
    with Shards(processes=2, min_jobs=10) as shards:
        kept = shards.map_keep(keep_square, [(n,) for n in range(20)])
        results = shards.map_kept(
            add, [(handle, 1) for handle, _ in kept], meanwhile=lambda: calls.append(os.getpid())
        )
    assert [value for value, _ in results] == [
        n + 1 for n in range(20)
    ]  # the kept value is the number
    assert calls == [os.getpid()] and len({pid for _, pid in results}) == (2 if forks() else 1)


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "thread"])
def test_background_work_gives_its_value_from_another_process_or_a_thread(fork: bool) -> None:
    forked = fork and forks()
    work = Background(os.getpid, fork=fork)
    assert (work.result() != os.getpid()) == forked


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "thread"])
def test_background_work_raises_its_own_exception(tmp_path: Path, fork: bool) -> None:
    work = Background((tmp_path / "missing").read_bytes, fork=fork)
    with pytest.raises(FileNotFoundError):
        work.result()


def test_background_work_that_cannot_be_forked_beside_other_threads_is_done_at_once_here() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        done: list[threading.Thread] = []
        work = Background(lambda: done.append(threading.current_thread()) or os.getpid(), fork=True)
        assert done == [threading.current_thread()]  # already, before result() is asked for
        assert work.result() == os.getpid()
    finally:
        stop.set()
        other.join()
