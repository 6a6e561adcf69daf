"""Which articles are republished copies of which (`_Copies`): found by their sketches, looked
up in the index of all sketches (a few rows) or multiplied as the sketches' matrices (many), and
known from the previous run where its changes leave them as they were.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...settings import RelatedSettings
from .arrays import _among, _distinct
from .carried import _KnownCopies, _Patch
from .products import _pair_products
from .sketches import (
    _Shared,
    _Sketches,
    _SketchesHolding,
    _SketchIndex,
    _SketchMatrices,
    _Unsettling,
)
from .state import _Resketched

_COPY_SAMPLE = 16  # hashes two sketches must both cover (fewer only if one has fewer in all)
_COPY_RARE = 8  # hashes found in few sketches that copies share (fewer only for a short text)


class _Copies:
    """The copies of a scorer's rows, each row's looked for when first asked and then known (the
    previous run's, where nothing it depended on changed: `unsettled`)."""

    # Copies are looked up in the index of all sketches for up to a tenth of the archive's rows
    # (or the scorer's few): making the sketches' matrices costs about as much as looking up
    # that many (a fifteenth before pairs that cannot be copies were left uncounted, which made
    # a look-up cheaper).
    _INDEXED_SHARE = 10

    # A look-up of this many hashes or fewer (about 96 rows), in a run that has no index of all
    # sketches from the run before (a new process's), is made in an index of those hashes
    # alone: making it costs a pass over all the entries and a sort of those it finds, the index
    # of all a sort of them all. Where a few rows' hashes are in thousands of sketches (a
    # focused archive's shared phrases), the two cost about the same at this many
    # (BENCHMARKS.md).
    _HOLDING_HASHES = 12288

    def __init__(
        self,
        sketches: Sequence[bytes],
        settings: RelatedSettings,
        patch: _Patch | None = None,
        resketched: _Resketched | None = None,
        shown: Callable[[int], _KnownCopies] | None = None,
    ):
        self.sketches, self.settings, self.count = sketches, settings, len(sketches)
        self.patch, self.resketched = patch, resketched
        # the copies the previous run's lists show, read when first needed: in a run that has
        # none carried from it (a new process's), what is known of the copies it found
        self.shown = shown
        self.known_copies: _KnownCopies | None = None  # made when first needed, then grown
        self.holding: _SketchesHolding | None = None  # the last index of a few hashes alone

    # What it derives from the sketches, each when first needed.
    _DERIVED = ("flat_sketches", "sketch_matrices", "sketch_index", "rare_needed", "unsettled")

    def __getstate__(self) -> dict[str, Any]:
        # Sent without what it derives (rebuilding it is cheaper than sending it) nor what it
        # knows of the previous run.
        kept = {k: v for k, v in self.__dict__.items() if k not in self._DERIVED}
        forgotten = ("patch", "resketched", "shown", "known_copies", "holding")
        return {**kept, **dict.fromkeys(forgotten)}

    def indexed(self, positions: Sequence[int], at_least: int) -> bool:
        """Whether the rows whose copies are not known yet are looked up in the index of all
        sketches (up to a tenth of the archive's rows, or `at_least`), not multiplied as the
        sketches' matrices: chosen for all the rows at once, since once made the matrices serve
        every block."""
        unknown = ~self.known().rows[np.asarray(positions, dtype=np.int64)]
        return "sketch_matrices" not in self.__dict__ and int(np.count_nonzero(unknown)) <= max(
            at_least, self.count // self._INDEXED_SHARE
        )

    @functools.cached_property
    def flat_sketches(self) -> _Sketches:
        patch = self.patch
        if patch is not None and patch.carried.sketch_index is not None:
            # the previous run's, with the sketches that changed
            return patch.carried.sketch_index.sketches.patched(patch.sketch_rows, self.sketches)
        return _Sketches.of(self.sketches)

    @functools.cached_property
    def rare_needed(self) -> np.ndarray:
        """Of each sketch, how many hashes found in few sketches a pair must share to be copies:
        of the one with fewer hashes (_COPY_RARE, or for a short text all it must share)."""
        return np.minimum(_COPY_RARE, self.settings.copy_similarity * self.flat_sketches.sizes)

    @functools.cached_property
    def sketch_matrices(self) -> _SketchMatrices:
        return _SketchMatrices.of(self.sketch_index)

    @functools.cached_property
    def sketch_index(self) -> _SketchIndex:
        patch = self.patch
        if patch is not None and patch.carried.sketch_index is not None:
            return patch.carried.sketch_index.patched(self.flat_sketches, patch.sketch_rows)
        return _SketchIndex(self.flat_sketches)

    @functools.cached_property
    def unsettled(self) -> np.ndarray:
        """The rows whose copies may differ from the previous run's (`_SketchIndex.unsettled`):
        none when no sketch changed and no article was removed."""
        changed = self.resketched
        if changed is None or not (len(changed.rows) or changed.gone):
            return np.zeros(0, dtype=np.int64)
        before = self._sketches_before(changed)
        asked = _Unsettling.of(self.flat_sketches, changed.rows, before)
        return self._index_for(asked.hashes).unsettled(changed.rows, before, asked)

    def _sketches_before(self, changed: _Resketched) -> _Sketches:
        """The previous run's sketches: these with the changed rows' as they were, and after
        them those of the articles removed since."""
        patch = self.patch
        if patch is not None and patch.carried.sketch_index is not None:
            # (the previous run's sketches, as it made them: the same rows, none removed)
            return patch.carried.sketch_index.sketches
        sketches = list(self.sketches)
        for row, sketch in zip(changed.rows.tolist(), changed.before, strict=True):
            sketches[row] = sketch
        if changed.gone:
            return _Sketches.of([*sketches, *changed.gone])
        return self.flat_sketches.patched(changed.rows, sketches)

    def _index_for(self, hashes: np.ndarray) -> _SketchIndex:
        """The index to look `hashes` (distinct, sorted) up in: the index of all sketches, when
        this run made it or patches the previous run's; else, for a few hashes, an index of
        those alone (the last one made, when it holds them all)."""
        if (
            "sketch_index" in self.__dict__
            or self.patch is not None
            or len(hashes) > self._HOLDING_HASHES
        ):
            return self.sketch_index
        if self.holding is None or not self.holding.covers(hashes):
            self.holding = _SketchesHolding(self.flat_sketches, hashes)
        return self.holding

    def keys_of(self, block: np.ndarray, indexed: bool) -> np.ndarray:
        """Keys (offset · count + column), sorted, of the block's republished copies. Only pairs
        sharing enough hashes found in few sketches are compared: such hashes are in few rows,
        and few pairs share that many. Rows are looked up in the index of all sketches
        (`indexed`: a few, as an edit's; NumPy alone) or multiplied as sparse matrices, which
        take longer to make than to multiply, and once made are multiplied whatever the rows.
        A row whose copies are known is not looked up again (`known_copies`): an edit looks up
        its moved rows to find the lists they reach, then the rows of those lists, the moved
        ones among them; and most rows' copies are the previous run's."""
        known = self.known()
        unknown = block[~known.rows[block]]
        if len(unknown):
            known = self.known_copies = known.with_rows(unknown, self._look_up(unknown, indexed))
        return known.of(block)

    def _look_up(self, rows: np.ndarray, indexed: bool = True) -> np.ndarray:
        """The keys (row · count + column), sorted, of the copies of `rows`, found in the index
        of all sketches or by the sketches' matrices."""
        if not len(rows):
            return np.zeros(0, dtype=np.int64)
        flat = self.flat_sketches
        shared = (
            self._index_for(_distinct(flat.hashes[flat.positions(rows)])).shared(
                rows, self.rare_needed, self.settings
            )
            if indexed
            else self._shared_sketches(rows)
        )
        found, count = self._copies_in(rows, shared), self.count
        return rows[found // count] * count + found % count

    def known(self) -> _KnownCopies:
        """The copies known so far: at first, those of the previous run that still hold."""
        if self.known_copies is None:
            self.known_copies = self._copies_carried()
        return self.known_copies

    def _copies_carried(self) -> _KnownCopies:
        """The copies the previous run found (carried in memory) or showed in full (`shown`)
        of the rows whose copies this run's sketches leave as they were (not `unsettled`), with
        the rows whose sketches changed looked up again: their copies, and their place in the
        others' copies. Nothing is known in a run from scratch."""
        count, patch, resketched = self.count, self.patch, self.resketched
        carried = (
            patch.carried.copies
            if patch is not None
            else self.shown(self.settings.k)
            if self.shown is not None
            else None
        )
        if carried is None or resketched is None:
            return _KnownCopies.none(count)
        unsettled, changed = self.unsettled, np.sort(resketched.rows)
        found = self._look_up(changed)
        rows, columns = found // count, found % count
        known = carried.rows.copy()
        known[unsettled] = False
        kept = carried.keys[known[carried.keys // count] & ~_among(carried.keys % count, changed)]
        back = known[columns]  # (a settled row's copies gain the changed rows it is a copy of)
        known[changed] = True
        pairs = (kept, rows * count + columns, columns[back] * count + rows[back])
        return _KnownCopies(known, np.sort(np.concatenate(pairs)))

    def _copies_in(self, block: np.ndarray, found: _Shared) -> np.ndarray:
        """The keys, sorted, of the pairs `found` that are copies."""
        copies = self._are_copies(found.shared, found.rare, block[found.offsets], found.columns)
        return np.sort(found.offsets[copies] * self.count + found.columns[copies])

    def _are_copies(
        self, shared: np.ndarray, rare: np.ndarray, rows: np.ndarray, columns: np.ndarray
    ) -> np.ndarray:
        """Whether pairs whose sketches have `shared` hashes in common, `rare` of them found in
        few sketches, are republished copies: of the hashes that both sketches cover
        (`_Sketches.compared`), the one with fewer has at least _COPY_SAMPLE (or all its
        hashes: a short text) and shares copy_similarity of them with the other, and they share
        `rare_needed` in few sketches."""
        compared = self.flat_sketches.compared(rows, columns)
        enough = np.minimum(
            _COPY_SAMPLE, np.minimum(*(self.flat_sketches.sizes[r] for r in (rows, columns)))
        )
        return (
            (rows != columns)
            & (compared > 0)
            & (compared >= enough)
            & (shared >= self.settings.copy_similarity * compared)
            & (rare >= np.minimum(self.rare_needed[rows], self.rare_needed[columns]))
        )

    def _shared_sketches(self, block: np.ndarray) -> _Shared:
        """`_SketchIndex.shared` by sparse matrices: the rare hashes' product gives the pairs and
        how many of those they share; the other hashes are counted for the pairs that share
        enough and may be copies."""
        sketches, flat = self.sketch_matrices, self.flat_sketches
        product, need = sketches.rare[block] @ sketches.rare_t, self.rare_needed
        lengths = np.diff(product.indptr)
        at = np.flatnonzero(
            product.data >= np.minimum(np.repeat(need[block], lengths), need[product.indices])
        )
        offsets = np.searchsorted(product.indptr, at, side="right") - 1
        rows, columns = block[offsets], product.indices[at].astype(np.int64)
        rare = product.data[at]
        may = flat.may_be_copies(
            rare, rows, columns, sketches.common_before, flat.starts[rows], self.settings
        )
        offsets, rows, columns, rare = offsets[may], rows[may], columns[may], rare[may]
        return _Shared(
            offsets, columns, rare + _pair_products(sketches.common, rows, columns), rare
        )
