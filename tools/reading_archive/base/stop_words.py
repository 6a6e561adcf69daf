"""The common English words that say nothing of what a text is about: shared by the read stage
(a glossary alias that is one of them is warned about) and the enrich stage (related articles
leave them out of an article's words), which must not import each other."""

from __future__ import annotations

# Related articles count words of three letters or more only, so the short words here matter
# to the glossary's check alone: "in", "of" or "to" as an alias would link every article.
STOP_WORDS = frozenset(
    """about above after again against all also among and any are around because been before
    being below between both but can could did does doing down during each even ever every
    few for from further had has have having her here hers herself him himself his how
    however into its itself just last later least less like made make many may might more
    most much must near need never new next not now off once one only other others our ours
    ourselves out over own per put said same say says see seen she should since some still
    such than that the their theirs them themselves then there these they this those though
    three through thus too two under until upon very was way well were what when where
    whether which while who whom whose why will with within without would year years yet you
    your yours yourself told asked added according week weeks day days time monday tuesday
    wednesday thursday friday saturday sunday january february march april june july august
    september october november december a an as at be by do he if in is it me my no of on or
    so to up us we""".split()
)
