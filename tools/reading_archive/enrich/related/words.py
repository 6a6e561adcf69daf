"""What related articles read of an article's text, made when the article is parsed: its words,
with how often each occurs, and the sketch of its runs of words, by which copies are told.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from ...base.stop_words import STOP_WORDS
from ...model import Article
from ...read.seed import article_text
from .arrays import _distinct

_WORD = re.compile(r"\w{3,}")


# 1,200 or 3.4 (commas dropped after), not within a word. The digit comes before the look-behind,
# so that the scan skips to digits (the look-behind first is tried at every character).
_NUMBER = re.compile(r"\d(?<![\w.]\d)[\d,]*(?:\.\d+)?")


_RUN = 5  # words in a run, for telling copies


_SKETCH_SIZE = 128  # hashes kept of an article's runs


_WORDS_SHARE = 500  # articles whose words are read at once


_RADIX = 0x100000001B3


class ArticleWords(NamedTuple):
    """What related articles read of an article's text."""

    counts: Mapping[str, int]
    sketch: bytes  # `text_sketch`


def article_words(article: Article) -> ArticleWords:
    """What related articles read of an article's text: the words that count for similarity,
    with how often each occurs (title twice, and body; lower case, no stop words; and the body's
    numbers that tell events apart, `_numbers`), and the sketch of its body's runs of words."""
    return articles_words([article])[0]


def articles_words(articles: Sequence[Article]) -> list[ArticleWords]:
    """`article_words` of each article (the sketches made a share of the articles at a time: one
    array for the share, and only its words held at once)."""
    found: list[ArticleWords] = []
    for first in range(0, len(articles), _WORDS_SHARE):
        share = articles[first : first + _WORDS_SHARE]
        texts = [article_text(article) for article in share]
        bodies = [_WORD.findall(text.lower()) for text in texts]
        found += [
            ArticleWords(_word_counts(article.title, body, _numbers(text)), sketch)
            for article, text, body, sketch in zip(
                share, texts, bodies, text_sketches(bodies), strict=True
            )
        ]
    return found


def _word_counts(title: str, body: list[str], numbers: list[str]) -> Counter[str]:
    words = _WORD.findall(title.lower())
    found = Counter(words + words + body)
    counts = Counter(
        {word: n for word, n in found.items() if word not in STOP_WORDS and word.isalpha()}
    )
    counts.update(numbers)
    return counts


def _numbers(text: str) -> list[str]:
    """The numbers of a text that tell one event from another, as words ("#1200" for 1,200,
    "#3.4" for $3.4 billion): those of three digits or more, or with decimals (a toll, a sum, a
    distance), not the small ones (days, ages, two ministers) nor the years, which any report
    of the same months shares."""
    found = (number.replace(",", "") for number in _NUMBER.findall(text))
    return [
        "#" + number
        for number in found
        if (len(number) >= 3 or "." in number)
        and not (len(number) == 4 and number[:2] in ("19", "20"))
    ]


def text_sketch(words: Sequence[str]) -> bytes:
    """The smallest hashes of the runs of `_RUN` words of a text, at most `_SKETCH_SIZE` of
    them: two texts whose sketches share most hashes share most runs (the share of hashes in
    common estimates the share of runs), which only a copy does."""
    return text_sketches([words])[0]


def text_sketches(texts: Sequence[Sequence[str]]) -> list[bytes]:
    """`text_sketch` of each text: the runs of all the texts hashed at once."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    words = list(itertools.chain.from_iterable(texts))
    distinct = set(words)
    codes = dict(zip(distinct, map(zlib.crc32, map(str.encode, distinct)), strict=True))
    hashes = np.fromiter(map(codes.__getitem__, words), dtype=np.uint64, count=len(words))
    runs = _runs(hashes)
    starts = np.cumsum(lengths) - lengths
    for start, length in zip(
        *(v[(lengths > 0) & (lengths < _RUN)].tolist() for v in (starts, lengths)), strict=True
    ):
        runs[start] = _runs(hashes[start : start + length], length)[0]  # one run: the whole text
    # A bijective mix (splitmix64's finaliser): the smallest hashes are a fair sample of the runs.
    runs ^= runs >> np.uint64(30)
    runs *= np.uint64(0xBF58476D1CE4E5B9)
    runs ^= runs >> np.uint64(27)
    runs *= np.uint64(0x94D049BB133111EB)
    runs ^= runs >> np.uint64(31)
    ends = starts + np.where(lengths > 0, np.maximum(1, lengths - _RUN + 1), 0)
    return [
        _distinct(runs[start:end])[:_SKETCH_SIZE].tobytes()
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
    ]


def _runs(hashes: np.ndarray, size: int = _RUN) -> np.ndarray:
    """A polynomial hash (wrapping at 2**64) of the run of `size` words starting at each word
    (padded with zeros past the end)."""
    padded = np.concatenate((hashes, np.zeros(size, dtype=np.uint64)))
    runs = hashes.copy()
    for offset in range(1, size):
        runs = runs * np.uint64(_RADIX) + padded[offset : offset + len(hashes)]
    return runs
