"""Enrich stage, part two: an explained "Related articles" list for every article.

The score of article B as related to article A (all parts between 0 and 1):

    content(A, B) = w_text · cos(text_A, text_B) + w_terms · cos(terms_A, terms_B)
    score(A, B)   = content(A, B)
                    · (1 − w_time + w_time · exp(−|days between A and B| / time_scale))

- text: BM25-style weights (sublinear term frequency × inverse document frequency) of the
  words of title (counted twice) and body, stop words removed, and of the body's numbers of
  three digits or more or with decimals (a toll or a sum tells two strikes of one week in one
  region apart, as the crowded family's sibling stories showed), of which each article keeps its
  `text_words` strongest that some other article has, however common (in an archive about one
  war, Putin, Kyiv and NATO are in half the articles and still tell one story from another in
  combination, so frequency lowers a word's weight, never removes it), normalised to unit
  length over the words kept;
- terms: all the glossary terms each article mentions, weighted by the same inverse document
  frequency, so a term in every article (Russia) counts for little and a rare one (Normandy
  Format) for much; `terms_prior` is added to each vector's squared length, so that an article
  that names one term only is not taken as certain about it;
- time only ever scales a content similarity: articles that share nothing are never related,
  however close in time.

Which pairs are scored. A pair is proposed when its dates are at most `near_days` apart (the
articles of a story), or when the cosine of its text vectors in words that are not common (found
in at most max(`common_floor`, `common_share` × archive) articles) reaches `far_overlap`, or when
one article names the other ("Related article: …"). Terms never propose a pair: they are the
names of people, places and organisations, and a relation across months or years needs more
than names (on the hand-written sets, most wrong entries were pairs months apart that shared
names and little text). A proposed pair is scored on all it shares. The cost grows with the
archive and with how many articles fall within near_days of each other, not with the square of
the archive: the uncommon words are multiplied as sparse matrices, the rest only for the pairs
proposed. An article whose list comes out empty from its proposed pairs (its story's other
articles more than near_days away, sharing only common words with it) is scored against every
article on all it shares, and its list chosen from those, every entry reaching min_score (a
fallback: few articles need one).

An article shows at most k others, and only those whose score reaches `min_score` and
`min_share_of_best` of its best one's: fewer, but right, rather than five padded with chance
resemblances. Past the first, an entry must also stand out of the article's crowd: score
`crowd_ratio` times its `crowd_rank`-th best candidate. In an archive about one subject an
article resembles dozens of others through the names all share; its story stands out of them,
and an article of no story shows its closest match, not five of the crowd. An entry more than
`far_days` away must also stand out of the candidates as far away: score `crowd_ratio` times the
`far_crowd_rank`-th best of those that reach the bar without a crowd. A topic returns over the
years (strikes on the grid every winter, another round of talks), and an article resembles the
reports of other years through the topic's words; a report of its own story months later, or
a follow-up, shares more and stands out of them (added after the focused and crowded families
showed every entry more than a month away wrong, the broad family and the energy set mostly
right). The first entry needs only `min_first_score`: a page shows its closest match whenever
one resembles it at all (added after the brexit set showed reports of one event scoring under
min_score). Ties are broken by distance in time and then by seed name, and scores are rounded
before sorting, so the output is the same on every run.

Copies. A republished copy (nearly the same text at another URL, or its first paragraphs) takes
no place in the list: it is listed after it, marked `copy`, and the page names it apart ("Also
published by"). Texts are compared by their sketches (the smallest hashes of their runs of five
words), on the hashes up to the lower of the two sketches' largest: every run of either text
up to there is in its sketch (`_Sketches`). Two texts are copies when the sketch with fewer
hashes there has at least `_COPY_SAMPLE` of them (or all its hashes: a short text) and shares
`copy_similarity` of them with the other, which estimates how much of the shorter text is in the
longer; and when at least `_COPY_RARE` of the hashes they share are found in few sketches (texts
that share only runs found all over the archive share boilerplate, not a text). Comparing the
whole sketches, as first done, underestimated a copy cut to its first paragraphs (the longer
text's sketch covers a narrower range of hashes): at 10,000 articles a copy cut by a third
shared as much of its sketch as two reports of one story did. Sketches are compared whatever the
texts' words and dates: a copy with a paragraph added can have other strongest words than its
original. Copies are only looked for among texts sharing hashes found in the sketches of at most
`_RARE_RUNS` texts, where sketches whose `_SAME_TEXT` smallest hashes agree count as one text
(`_texts`): many copies of one text, identical or each with a line of its own, are told apart,
up to `_ONE_TEXT_AT_MOST` of them (their pairs grow as the square); more are not, nor more
than `_RARE_RUNS` copies of one text whose smallest hashes differ (each with much text of its
own). Both are known gaps.

The settings were chosen on three synthetic families (`archive bench related`): the project's
broad generator, a focused archive (a fixed cast in most stories) and crowded stories (several
stories on one topic in the same weeks). The hand-written wire set of tests/fixtures/wire was
not tuned on, but it was looked at: it turned down two changes that helped the families and hurt
it (cutting a list at a drop between consecutive scores; a higher far_overlap), and the shares
of its copies' sketches were seen before copy_similarity was set. The crowd bar's settings were
chosen on the families alone (1,000 and 10,000 articles); the wire set was then run once, and two
more hand-written sets (tests/fixtures/war2024, brexit) were held out until then. Their first
run led to min_first_score and to normalising text vectors over the words they keep (before,
over all words: two Brexit reports of one event scored about 0.05), and their wrong entries to
proposing far pairs by words alone, so they are not held out since. Two more sets, written after
that by engineers who saw neither the method nor its lists (tests/fixtures/energy, sudan), were
run once with the method as it is. Then the weights and the time scale were chosen again on the
families (w_text 0.8 and w_terms 0.2 for 0.75 and 0.25, time_scale 12 days for 30, crowd_ratio
1.5 for 1.6: more precise on each family, the broad one's recall a little lower), with every
hand-written set looked at, sudan and energy included, so none of them is held out any more;
families generated from other seeds (`--seed 1`, `2`), which nothing was chosen on, are the check.
The far bar's settings were chosen on the families of seed 0 at 1,000 articles (far_crowd_rank 3
took right entries of the energy set, 5 none; far_days 7 to 31 took right entries of broad's
weeks after, 45 and 60 none); seeds 1 to 4 and the hand-written sets were then run once.
BENCHMARKS.md gives the figures, and what they show the method does not yet handle.

Incremental and exact. `update_related` takes the state of the previous run and recomputes
only the lists that can differ, and its result is always the one a run from scratch gives:
- document frequencies (and the size of the archive) enter the weights only through
  `frequency_bucket`, exact up to 15 and then to 4 significant bits (the archive's size: 6), so
  one edit changes the weights of the few articles that contain a word whose bucket changed,
  not of every article that contains a word of the edit; an article that holds a word or term
  that became common, or stopped being, is scored again (its pairs' proposals change);
- vector components are fixed-point integers, so dot products are exact whatever the order
  of summation, and every float is computed per article or per pair, never across articles;
- an article's list is kept when no article whose vector, sketch, date or URL changed was in it
  or in the crowd that set its bar, or can now enter it or raise that bar: its new score stays
  below the list's `floor` (the weakest score shown when the list is full, else the lowest that
  could be shown, or move the crowd's bar) and it is not a copy;
- copies depend on the pair's sketches and on which hashes they share are rare: an edit or a
  removal that makes a hash rare, or no longer rare, changes the copies of articles that did
  not change. The lists of the articles that hold such a hash, now or before, are chosen again
  (`_SketchIndex.unsettled`);
- a fallback list (chosen among all articles, its proposed pairs showing none) is kept under
  the same rule, applied to the moved articles' scores with it whatever they share and however
  far apart, as long as none of them is proposed with it;
- in one process (`mkdocs serve` keeps the state between builds), a run also hands the next
  the postings of all vectors and the index of all sketches (`RelatedState.carried`, never
  written to the cache file), which the next patches where vectors and sketches changed instead
  of sorting every entry again or reading every sketch: both hold their entries in one order
  (sorted by column or hash, then by row), patched or made anew, and the rarity of a hash is
  counted again wherever an edit changed the texts that hold it; and the copies found of each
  article looked up, of which the next keeps those its changes leave as they were;
- a new process (the state read back from the cache) has none of those: it takes the copies of
  the articles whose lists show them all (fewer than k, and none of them named), looks up the
  others', looks a few articles up in an index of their sketches' hashes alone, and scores them
  against the postings of their columns alone, each made by one pass over all the entries
  instead of a sort of them all.

Once for both rows. What two vectors share is the same whichever row asks: when many rows are
scored, block after block, a far pair of two of them is multiplied in the block of the row that
comes first and handed to the other's (`_Mirrors`), not multiplied again. (Pairs that may be
copies are multiplied in each row's block: taking the rows before out of the sketches' matrix
costs more than it saves where most hashes are rare, as in the broad family.)

The package, in the order a run reads it: `words` (what an article's text gives: its words and
its sketch, made when it is parsed) and `references` ("Related article:" lines); `vectors` (the
vocabulary and each article's weighted vectors); `sketches` and `copies` (republished copies)
and `products` (exact dot products); `scorer` (some articles against all: the candidates)
and `mirrors` (the far pairs of two of its rows, found once);
`choose` (each list among its candidates); `state` and `carried` (what a run leaves for the
next, on disk and in memory); and `update` (a run, from scratch or incremental). `arrays` holds
the NumPy helpers they share. Names with a leading underscore are the package's own: shared
among its modules, not its interface.
"""

from .references import reference_lines, resolve_references, title_key
from .scorer import import_scorer
from .state import RelatedInput, RelatedLists, RelatedState, Relation, Share
from .update import related_for, update_related
from .vectors import frequency_bucket
from .words import ArticleWords, article_words, articles_words, text_sketch, text_sketches

__all__ = [
    "ArticleWords",
    "RelatedInput",
    "RelatedLists",
    "RelatedState",
    "Relation",
    "Share",
    "article_words",
    "articles_words",
    "frequency_bucket",
    "import_scorer",
    "reference_lines",
    "related_for",
    "resolve_references",
    "text_sketch",
    "text_sketches",
    "title_key",
    "update_related",
]
