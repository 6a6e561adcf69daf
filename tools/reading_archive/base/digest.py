"""The digest that names cached work by what it was made of (page keys, dataset records)."""

from __future__ import annotations

import hashlib
import marshal


def value_digest(value: object) -> str:
    """A digest of a plain value (tuples, lists, dicts, strings, numbers, bytes, None): equal
    values give equal digests, in any process and run."""
    # marshal version 2 writes no back-references, so equal values give equal bytes. The ignore:
    # callers' plain values are typed loosely (Mapping fields, lists of str), which marshal's
    # stub union cannot take; marshal itself raises ValueError on anything it cannot write.
    data = marshal.dumps(value, 2)  # type: ignore[arg-type]
    return hashlib.blake2b(data, digest_size=20).hexdigest()
