"""The digest that names cached work by what it was made of (page keys, dataset records)."""

from __future__ import annotations

import hashlib
import marshal


def value_digest(value: object) -> str:
    """A digest of a plain value (tuples, lists, dicts, strings, numbers, bytes, None): equal
    values give equal digests, in any process and run."""
    # marshal version 2 writes no back-references, so equal values give equal bytes
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=20).hexdigest()
