"""Work shared among the machine's processors, for a conversion from scratch.

`Shards` forks copies of this process, each taking a contiguous share of a list of jobs, and
each keeps what its jobs produced for later jobs: a worker reads and parses a share of the
seeds and then renders the pages of those same articles, so that no article ever crosses a
process boundary; only small values do (summaries, word counts, page texts). In between, the
same workers choose the related articles of a share of the articles (`map_shares`: the
function travels with its data, the articles' vectors). Results come back in the order of
the jobs, so the output does not depend on how the work was shared.

Forking is only safe in a process with a single thread, so a process with others (`mkdocs
serve`'s) and small batches do all the work in this process.

`Background` runs one function beside this process's work, in a thread or a forked copy (the
write stage: pages written while the dataset is made).

A forked process dies with the process that forked it: killed (`kill -9`) or not, a parent
that is gone leaves no worker behind, which would go on working for nothing and then wait on
its pipe forever, holding its memory (and the project's lock, base/lock.py). On Linux the kernel
kills it (`PR_SET_PDEATHSIG`); elsewhere it ends when its pipe to the parent closes: it holds
no other process's end of a pipe, so the parent's going closes them.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

MIN_JOBS = 400  # fewer jobs are not worth a process
_PR_SET_PDEATHSIG = (
    1  # prctl's option (linux/prctl.h): the signal a process gets when its parent ends
)


class Kept(NamedTuple):
    """Where a value that a job produced is kept: which shard, and which job."""

    shard: int
    job: int


class ShardError(Exception):
    """A job failed in a worker process; the message is its traceback."""


class _Worker(NamedTuple):
    """A forked worker: its process id, and this process's end of the pipe to it."""

    pid: int
    pipe: Connection


class Shards:
    def __init__(self, processes: int | None = None, min_jobs: int = MIN_JOBS):
        self.processes = processes or _processors()
        self.min_jobs = min_jobs
        self._kept: dict[int, Any] = {}  # by job number, in this process
        self._workers: list[_Worker] = []  # of shard 1, 2, …

    def __enter__(self) -> Shards:
        return self

    def __exit__(self, *exc: object) -> None:
        for pid, connection in self._workers:
            try:
                connection.send(None)
            except OSError:
                pass
            connection.close()
            os.waitpid(pid, 0)
        self._workers = []
        self._kept = {}

    def map_keep(
        self, function: Callable[..., tuple[Any, Any]], jobs: Sequence[tuple[Any, ...]]
    ) -> list[tuple[Kept, Any]]:
        """function(*job) → (kept, result) for each job: the result, and a handle on the kept
        value for `map_kept`. Only one call per Shards."""
        assert not self._kept and not self._workers, "map_keep runs once"
        can_fork = hasattr(os, "fork") and threading.active_count() == 1
        shares = self.processes if len(jobs) >= self.min_jobs and can_fork else 1
        bounds = [len(jobs) * share // shares for share in range(shares + 1)]
        if shares > 1:
            from multiprocessing.connection import (
                Pipe,
            )  # deferred: a run after an edit forks no worker

        parent = os.getpid()
        for shard in range(1, shares):
            parent_end, child_end = Pipe()
            pid = os.fork()
            if pid == 0:  # the worker: its share now, then what map_kept asks of it
                _die_with(parent)
                parent_end.close()
                for _, earlier in self._workers:  # the parent's ends of the earlier workers' pipes
                    earlier.close()
                self._serve(shard, function, jobs, bounds[shard], bounds[shard + 1], child_end)
            child_end.close()
            self._workers.append(_Worker(pid, parent_end))
        results = [
            (Kept(0, job), self._keep(job, function(*jobs[job])))
            for job in range(bounds[0], bounds[1])
        ]
        for shard, (_, connection) in enumerate(self._workers, start=1):
            sent = _received(connection)
            results += [
                (Kept(shard, job), result)
                for job, result in zip(range(bounds[shard], bounds[shard + 1]), sent, strict=False)
            ]
        return results

    def map_kept(
        self,
        function: Callable[..., Any],
        jobs: Sequence[tuple[Any, ...]],
        meanwhile: Callable[[], None] | None = None,
    ) -> list[Any]:
        """function(*job) for each job, run by the shard that keeps its first value when
        that is a `Kept` handle (the value is passed instead of the handle), by this process
        otherwise. `meanwhile()` runs in this process once its own jobs are done, while workers
        finish theirs."""
        by_shard: dict[int, list[int]] = {}
        for number, job in enumerate(jobs):
            shard = job[0].shard if job and isinstance(job[0], Kept) else 0
            by_shard.setdefault(shard, []).append(number)
        for shard, numbers in by_shard.items():
            if shard:
                self._workers[shard - 1].pipe.send((function, [jobs[n] for n in numbers]))
        results: list[Any] = [None] * len(jobs)
        for number in by_shard.get(0, []):
            results[number] = function(*self._resolve(jobs[number]))
        if meanwhile is not None:
            meanwhile()
        for shard, numbers in by_shard.items():
            if shard:
                for number, result in zip(
                    numbers, _received(self._workers[shard - 1].pipe), strict=False
                ):
                    results[number] = result
        return results

    def map_shares(
        self, function: Callable[[Sequence[Any]], list[Any]], jobs: Sequence[Any]
    ) -> list[Any]:
        """function(share) → one result per job of the share, for contiguous shares of `jobs`,
        one per process: this one and the workers of `map_keep` (none after a small batch).
        `function` travels to the workers pickled, with whatever it holds."""
        shares = 1 + len(self._workers) if len(jobs) >= self.min_jobs else 1
        bounds = [len(jobs) * share // shares for share in range(shares + 1)]
        for shard in range(1, shares):
            # one job, the whole share: the worker calls function(share)
            self._workers[shard - 1].pipe.send(
                (function, [(jobs[bounds[shard] : bounds[shard + 1]],)])
            )
        results = list(function(jobs[bounds[0] : bounds[1]]))
        for shard in range(1, shares):
            results += _received(self._workers[shard - 1].pipe)[0]
        return results

    def _keep(self, job: int, produced: tuple[Any, Any]) -> Any:
        kept, result = produced
        self._kept[job] = kept
        return result

    def _resolve(self, job: tuple[Any, ...]) -> tuple[Any, ...]:
        if job and isinstance(job[0], Kept):
            return (self._kept[job[0].job], *job[1:])
        return job

    def _serve(
        self,
        shard: int,
        function: Callable[..., tuple[Any, Any]],
        jobs: Sequence[tuple[Any, ...]],
        start: int,
        end: int,
        connection: Connection,
    ) -> None:
        status = 0
        try:
            self._workers = []  # the parent's, not this process's
            connection.send(
                ("ok", [self._keep(job, function(*jobs[job])) for job in range(start, end)])
            )
            while (message := connection.recv()) is not None:
                function, batch = message
                connection.send(("ok", [function(*self._resolve(job)) for job in batch]))
        except EOFError:
            pass  # the parent has gone
        except BaseException:
            status = 1
            try:
                connection.send(("error", traceback.format_exc()))
            except OSError:
                pass
        finally:
            os._exit(status)  # never return into the parent's code


class Background:
    """`function(*args, **kwargs)` run while this process goes on, in a thread or, when `fork`
    is set, in a copy of this process (forked); `result()` waits for it and gives its value,
    or raises its exception. Forked, for work that is mostly thousands of system calls (creating
    files) beside Python work in this process: in a thread, each call would wait for the
    interpreter's lock. A thread otherwise: forking costs the memory pages that either process
    then touches. Where forking is not safe (other threads), forked work is done at once, here."""

    def __init__(self, function: Callable[..., Any], *args: Any, fork: bool = False, **kwargs: Any):
        self._pid = 0
        self._future: Future[Any] = Future()
        if fork and hasattr(os, "fork") and threading.active_count() == 1:
            self._fork(function, args, kwargs)
            return

        def run() -> None:
            try:
                self._future.set_result(function(*args, **kwargs))
            except BaseException as error:
                self._future.set_exception(error)

        if fork:
            run()
        else:
            threading.Thread(target=run, name="background").start()

    def _fork(
        self, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        from multiprocessing.connection import Pipe  # deferred: not every run forks

        self._connection, child_end = Pipe(duplex=False)
        parent = os.getpid()
        self._pid = os.fork()
        if self._pid == 0:
            _die_with(parent)
            # the parent's end: its closing must end a send to a parent gone
            self._connection.close()
            status = 0
            try:
                child_end.send(("ok", function(*args, **kwargs)))
            except BaseException as error:
                status = 1
                try:
                    child_end.send(
                        ("raise", error)
                    )  # the same exception in the parent (an OSError, say)
                except Exception:  # not picklable
                    child_end.send(("error", traceback.format_exc()))
            finally:
                os._exit(status)  # never return into the parent's code
        child_end.close()

    def result(self) -> Any:
        if not self._pid:
            return self._future.result()
        try:
            return _received(self._connection)
        finally:
            self._connection.close()
            os.waitpid(self._pid, 0)


def _received(connection: Connection) -> Any:
    """What a forked process sent: ("ok", its value), or its failure raised here: ("raise",
    the exception itself) or ("error", a traceback: a ShardError)."""
    try:
        status, value = connection.recv()
    except EOFError:
        raise ShardError("a forked process died") from None
    if status == "raise":
        raise value
    if status != "ok":
        raise ShardError(f"in a forked process:\n{value}")
    return value


def _die_with(parent: int) -> None:
    """In a forked process, right after the fork: be killed when `parent` ends (Linux), and
    end now if it already has (it may have ended before the request was made)."""
    if sys.platform.startswith("linux"):
        import ctypes  # deferred: only a forked process needs it

        ctypes.CDLL(None).prctl(
            _PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0
        )  # (the C library, in the program's symbols)
    if os.getppid() != parent:
        os._exit(1)


def _processors() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
