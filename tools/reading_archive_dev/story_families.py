"""Synthetic archives about ONE long war, to evaluate related articles where every name recurs.

`generate_family(family, n, seed=s)` writes `n` articles (seeds in the exact seed format, each
labelled with its story) and a glossary, like `synthetic.generate_corpus`, but about a single
subject: the war between Kalvia and Dravnia (invented countries), February 2022 to mid-2026.
The same arguments give byte-identical output; all randomness comes from `random.Random(seed)`.

How both families are built:

- a FIXED cast (`story_families_text.CAST_TEXT`: 12 people, 15 places, 10 organisations), the
  same whatever the archive's size. Each member has a share of the stories it is cast in (the
  Kalvian president a third, the capital Vostrava a half), raised for the topics it belongs to;
  an article names its story's leads and most of the rest of its cast, templates name the two
  countries and capitals, and wire background paragraphs name the leaders again. So at any size
  the top person is named in ~48 % of articles, the capital in ~55 %, each country in 80 % or
  more, and a dozen more members in 10-25 %: entities alone rarely tell stories apart;
- 45 topics in 11 groups (strikes on Kalvia, strikes inside Dravnia, the front, the sea, energy,
  talks, alliances, arms aid, sanctions, security, politics) that recur across the years; the
  topics of a group share their templates and many words;
- a story (3-8 articles, sizes varied, plus ~16 % of stories singletons) is one event: a topic,
  its cast and its specifics (a town, a named village, a vessel, a thing such as `a grain
  elevator`, numbers, a sum of money), which most of its articles repeat. Its articles fall
  within 1-6 days;
- articles are news prose of ~280 words: a headline, a byline (reporters, agencies), a date, a
  dateline, a photo caption sometimes, paragraphs of 1-3 sentences, quotes, subheadings, and 0-2
  stock background paragraphs repeated word for word by many articles of unrelated stories;
- 2 % of articles are republished copies of another article (`copy_of`, same story): another
  host, a changed headline, a paragraph changed, added or dropped, a date 0-1 day later.

focused: stories are independent; what tells them apart is their combination of cast, their topic
words and their specifics. It tests whether a method can see past the names everyone shares.

crowded: as focused, but over 40 % of the stories come in groups of 2-4 on the SAME topic starting
within the same week or two with mostly the same cast (three strikes on three towns, two rounds of
prisoner exchanges): hard negatives that differ only in their specifics. And ~10 % of stories
return to the town (and village) of an earlier story months or years later, with another event.
It tests whether a method separates same-topic, same-time, same-cast stories, and does not join
stories just because they share a place name.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
import re
from dataclasses import dataclass, field, replace

from reading_archive.base.dates import MONTH_NAMES

from . import story_families_text as words
from .synthetic import Corpus, SyntheticArticle, SyntheticGlossaryTerm, SyntheticStory

__all__ = ["FAMILIES", "generate_family"]

FAMILIES = ("focused", "crowded")

_START = dt.date(2022, 2, 24)
_END = dt.date(2026, 6, 30)
_COPIES_PER_HUNDRED = 2  # republished copies per 100 articles
_SINGLETON_SHARE = 0.15
_SIZE_WEIGHTS = {3: 24, 4: 22, 5: 18, 6: 14, 7: 12, 8: 10}
_SLOT = re.compile(r"\{(\w)\}")


@dataclass(frozen=True)
class _Member:
    """One of the fixed cast: a person, place or organisation."""

    kind: str
    name: str
    short: str  # what later mentions call it
    first: str  # the first mention, "{}" standing for the name
    share: float  # of stories it is cast in, before its topics raise it
    summary: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class _Topic:
    name: str
    group: str
    concept: str
    nouns: tuple[str, ...]
    cast: tuple[str, ...]  # cast members' names that stories of this topic often involve
    things: tuple[str, ...]
    low: int  # range of the story's main number
    high: int


@dataclass
class _Story:
    id: int
    topic: _Topic
    cast: list[_Member]  # lead person and place first
    specifics: dict[
        str, str
    ]  # slot letter -> the story's own town, village, vessel, thing, numbers; and
    # "country": the town's country for the dateline ("" for a foreign venue)
    start: dt.date
    days: int
    size: int
    parent: int | None = None


@dataclass
class _Draft:
    """An article before its seed name and URL are known."""

    story: int
    day: dt.date
    host: str
    title: str
    byline: str | None
    caption: str | None
    paragraphs: list[str]
    copy_of: int | None = None  # index of the draft this one republishes
    mentioned: tuple[str, ...] = field(
        default=()
    )  # names of the cast members it names (a copy's writer uses them)


def _split(text: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator) if part.strip())


def _parse_cast() -> tuple[_Member, ...]:
    members = []
    for line in words.CAST_TEXT.strip().splitlines():
        kind, name, short, first, share, summary, aliases = (
            part.strip() for part in line.split("|")
        )
        members.append(
            _Member(kind, name, short, first, float(share), summary, _split(aliases, ";"))
        )
    return tuple(members)


def _parse_topics() -> tuple[_Topic, ...]:
    topics = []
    for line in words.TOPICS_TEXT.strip().splitlines():
        name, group, concept, nouns, cast, things, scale = (
            part.strip() for part in line.split("|")
        )
        low, high = (int(n) for n in scale.split("-"))
        noun_list = _split(nouns, ",")
        if concept not in noun_list:
            noun_list = (concept, *noun_list)
        topics.append(
            _Topic(
                name, group, concept, noun_list, _split(cast, ";"), _split(things, ";"), low, high
            )
        )
    return tuple(topics)


CAST = _parse_cast()
_BY_NAME = {member.name: member for member in CAST}
_BY_NAME.update({m.short: m for m in CAST if m.kind == "person"})  # topics name people by surname
TOPICS = tuple(replace(t, cast=tuple(_BY_NAME[n].name for n in t.cast)) for t in _parse_topics())
_KIND_ORDER = {"person": 0, "place": 1, "organisation": 2}
_LOCAL_GROUPS = ("strike", "front", "energy", "security", "politics")  # a story in a Kalvian town
_LOCAL_TOPICS = tuple(t for t in TOPICS if t.group in _LOCAL_GROUPS)


def _compile(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    parts = _SLOT.split(template)
    return tuple(parts[0::2]), tuple(parts[1::2])


def _compile_all(
    templates: dict[str, list[str]],
) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    return {group: [_compile(t) for t in items] for group, items in templates.items()}


_LEDES = _compile_all(words.LEDES)
_EVENTS = _compile_all(words.EVENTS)
_QUOTES = {  # group -> (side of the speaker, "A" or "D"; the quote)
    group: [("D", _compile(q[2:])) if q.startswith("D|") else ("A", _compile(q)) for q in quotes]
    for group, quotes in words.QUOTES.items()
}
_HEADLINES = _compile_all(words.HEADLINES)
_GENERAL = [_compile(t) for t in words.GENERAL]
_ATTRIBUTIONS = {
    side: [_compile(t.replace("{P}", "{" + side + "}")) for t in words.ATTRIBUTIONS]
    for side in "AD"
}
_BACKGROUND_MENTIONS = tuple(  # the cast members each background paragraph names
    tuple(
        m.name for m in CAST if m.name in paragraph or (m.kind == "person" and m.short in paragraph)
    )
    for paragraph in words.BACKGROUND
)
_BACKGROUND_WEIGHTS = list(
    itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(words.BACKGROUND)))
)


# --------------------------------------------------------------------------------------------
# Stories


def _date_line(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.day:02d}, {day.year}"


def _story_sizes(rng: random.Random, originals: int) -> list[int]:
    """Story sizes adding up to `originals`: ~15 % singletons, the others 3-8 articles."""
    choices, weights = list(_SIZE_WEIGHTS), list(_SIZE_WEIGHTS.values())
    sizes = []
    remaining = originals
    while remaining > 0:
        size = 1 if rng.random() < _SINGLETON_SHARE else rng.choices(choices, weights)[0]
        left = remaining - size
        if size > 1 and left in (
            1,
            2,
        ):  # it would strand one or two articles: take them, or leave three
            size = remaining if remaining <= 8 else size - (3 - left)
        size = min(size, remaining)
        sizes.append(size)
        remaining -= size
    return sizes


def _village(rng: random.Random) -> str:
    start = rng.choice(words.VILLAGE_STARTS)
    root = rng.choice(words.VILLAGE_ROOTS)
    if start.endswith(" "):
        root = root.capitalize()
    return start + root + rng.choice(words.VILLAGE_ENDS)


def _money(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"${rng.randint(1, 9)}.{rng.randint(1, 9)} billion"
    return f"\u20ac{rng.choice([150, 200, 250, 300, 400, 500, 600, 750, 800])} million"


def _town(rng: random.Random, topic: _Topic, cast: list[_Member]) -> tuple[str, str]:
    """Where the story happens and its country ("" for a foreign venue), as its dateline names
    it."""
    cast_places = [m.name for m in cast if m.kind == "place"]
    if topic.group == "deepstrike":
        return rng.choice(words.DRAVNIAN_TOWNS), "Dravnia"
    if topic.group == "sea":
        return (
            "Port Azarov"
            if "Port Azarov" in cast_places and rng.random() < 0.5
            else rng.choice(words.PORTS)
        ), "Kalvia"
    if topic.group == "talks":
        return ("Istanbul" if "Istanbul" in cast_places else rng.choice(words.TALKS_VENUES)), ""
    if topic.group in ("alliance", "sanctions"):
        return ("Brussels" if "Brussels" in cast_places else rng.choice(words.ALLIANCE_VENUES)), ""
    cities = [
        p for p in cast_places if p in ("Vostrava", "Kharyn", "Zarichne", "Lutsavets", "Dravsk")
    ]
    if cities and rng.random() < 0.3:
        town = rng.choice(cities)
        return town, "Dravnia" if town == "Dravsk" else "Kalvia"
    return rng.choice(words.TOWNS), "Kalvia"


_VESSELS = {
    "naval drones": words.WARSHIPS,
    "shadow fleet": words.TANKERS,
    "oil price cap": words.TANKERS,
}


def _specifics(rng: random.Random, topic: _Topic, cast: list[_Member]) -> dict[str, str]:
    town, country = _town(rng, topic, cast)
    number = rng.randint(topic.low, topic.high)
    return {
        "C": town,
        "country": country,
        "V": _village(rng),
        "S": (
            f"{rng.choice(_VESSELS.get(topic.name, words.MERCHANT_SHIPS))} "
            f"{rng.choice(words.VESSEL_NAMES)}"
        ),
        "T": rng.choice(topic.things),
        "K": f"{number:,}",
        "J": str(rng.randint(2, 40)),
        "M": _money(rng),
    }


def _choose_cast(rng: random.Random, topic: _Topic) -> list[_Member]:
    chosen = [
        m
        for m in CAST
        if rng.random() < (min(0.85, m.share + 0.55) if m.name in topic.cast else m.share)
    ]
    kinds = {m.kind for m in chosen}
    for kind in ("person", "place"):
        if kind not in kinds:
            favourites = [_BY_NAME[n] for n in topic.cast if _BY_NAME[n].kind == kind]
            chosen.append(
                rng.choice(favourites) if favourites else next(m for m in CAST if m.kind == kind)
            )
    rng.shuffle(chosen)
    chosen.sort(key=lambda m: (_KIND_ORDER[m.kind], m.name not in topic.cast))
    return chosen


def _new_story(rng: random.Random, story_id: int, size: int, topic: _Topic | None = None) -> _Story:
    topic = topic or rng.choice(TOPICS)
    cast = _choose_cast(rng, topic)
    start = _START + dt.timedelta(days=rng.randint(0, (_END - _START).days))
    days = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])
    return _Story(story_id, topic, cast, _specifics(rng, topic, cast), start, days, size)


def _sibling(rng: random.Random, story_id: int, size: int, parent: _Story) -> _Story:
    """A story on the same topic as `parent`, starting within days of it, with mostly its cast."""
    story = _new_story(rng, story_id, size, parent.topic)
    cast = [m for m in parent.cast if rng.random() < 0.85] or parent.cast[:1]
    extra = [m for m in story.cast if m not in cast and rng.random() < 0.3]
    story.cast = sorted(cast + extra, key=lambda m: _KIND_ORDER[m.kind])
    for _ in range(20):
        if story.specifics["C"] != parent.specifics["C"]:
            break
        story.specifics["C"], story.specifics["country"] = _town(rng, story.topic, story.cast)
    offset = rng.randint(-4, 10)
    story.start = min(_END, max(_START, parent.start + dt.timedelta(days=offset)))
    story.parent = parent.id
    return story


def _revisit(rng: random.Random, story_id: int, size: int, parent: _Story) -> _Story:
    """A later (or earlier) event in the same town and village as `parent`: another topic."""
    same_group = [t for t in TOPICS if t.group == parent.topic.group and t is not parent.topic]
    topic = rng.choice(same_group) if rng.random() < 0.5 else rng.choice(_LOCAL_TOPICS)
    story = _new_story(rng, story_id, size, topic)
    for key in ("C", "country", "V"):
        story.specifics[key] = parent.specifics[key]
    gap = dt.timedelta(days=rng.randint(90, 900))
    story.start = (
        parent.start + gap if parent.start + gap <= _END else max(_START, parent.start - gap)
    )
    story.parent = parent.id
    return story


def _make_stories(rng: random.Random, family: str, originals: int) -> list[_Story]:
    """Stories in order of creation; in crowded, same-topic groups and returns to a town."""
    stories: list[_Story] = []
    local: list[_Story] = []  # stories in a Kalvian town, that a later one may return to
    sizes = _story_sizes(rng, originals)
    index = 0
    while index < len(sizes):
        story_id = len(stories)
        roll = rng.random()
        if family == "crowded" and roll < 0.25 and sizes[index] > 1:
            new = [_new_story(rng, story_id, sizes[index])]
            for size in sizes[index + 1 : index + rng.randint(2, 4)]:
                new.append(_sibling(rng, story_id + len(new), size, new[0]))
        elif family == "crowded" and roll < 0.37 and local:
            new = [_revisit(rng, story_id, sizes[index], rng.choice(local))]
        else:
            new = [_new_story(rng, story_id, sizes[index])]
        stories += new
        local += [s for s in new if s.topic.group in _LOCAL_GROUPS]
        index += len(new)
    return stories


# --------------------------------------------------------------------------------------------
# Writing


class _Writer:
    """Writes one article of a story: fills template slots from its cast and specifics."""

    def __init__(self, rng: random.Random, story: _Story, cast: list[_Member], day: dt.date):
        self.rng = rng
        self.story = story
        self.people = [m for m in cast if m.kind == "person"]
        self.places = [
            m for m in cast if m.kind == "place" and m.name not in _WATERS
        ]  # "officials in {L}"
        self.organisations = [m for m in cast if m.kind == "organisation"]
        self.ours = [
            m for m in self.people if m.name not in _DRAVNIAN_SIDE
        ]  # Kalvia's side, or mediators
        self.theirs = [m for m in self.people if m.name in _DRAVNIAN_SIDE]
        self.turns = {"P": 0, "A": 0, "D": 0, "L": 0, "O": 0}
        self.seen: set[str] = set()
        self.mentioned: dict[str, None] = {}
        self.quoted: tuple[tuple[str, ...], tuple[str, ...]] | None = (
            None  # the next quote to write
        )
        self.fill = {
            "P": self.person,
            "L": self.place,
            "O": self.organisation,
            "N": lambda: rng.choice(story.topic.nouns),
            "X": lambda: story.topic.concept,
            "W": lambda: _WEEKDAYS[(day.weekday() - rng.randint(0, 1)) % 7],
            "Q": self.quote,
            "p": self.person_short,
            "A": self.our_person,
            "D": self.their_person,
            "a": lambda: self.person_short(self.ours),
        }

    def _next(self, slot: str, members: list[_Member]) -> _Member | None:
        if not members:
            return None
        turn = self.turns[slot]
        self.turns[slot] = turn + 1
        member = (
            members[turn % len(members)] if self.rng.random() < 0.7 else self.rng.choice(members)
        )
        self.mentioned[member.name] = None
        return member

    def _mention(self, member: _Member) -> str:
        if member.name in self.seen:
            return member.short
        self.seen.add(member.name)
        return member.first.format(member.name)

    def person(self) -> str:
        member = self._next("P", self.people)
        return self._mention(member) if member else self.rng.choice(_NAMELESS_PEOPLE)

    def our_person(self) -> str:
        member = self._next("A", self.ours)
        return self._mention(member) if member else self.rng.choice(_NAMELESS_PEOPLE)

    def their_person(self) -> str:
        member = self._next("D", self.theirs)
        return self._mention(member) if member else self.rng.choice(_NAMELESS_DRAVNIANS)

    def person_short(self, members: list[_Member] | None = None) -> str:
        member = self._next("P", self.people if members is None else members)
        return member.short if member else "Kalvia"

    def place(self) -> str:
        member = self._next("L", self.places)
        return self._mention(member) if member else "the region"

    def organisation(self) -> str:
        member = self._next("O", self.organisations)
        return self._mention(member) if member else self.rng.choice(_NAMELESS_BODIES)

    def quote(self) -> str:
        return self.write(
            self.quoted or self.rng.choice(_QUOTES[self.story.topic.group])[1], capital=False
        )

    def write(self, template: tuple[tuple[str, ...], tuple[str, ...]], capital: bool = True) -> str:
        pieces, slots = template
        specifics = self.story.specifics
        out = [pieces[0]]
        for slot, piece in zip(slots, pieces[1:], strict=False):
            value = specifics.get(slot)
            out.append(value if value is not None else self.fill[slot]())
            out.append(piece)
        text = "".join(out)
        return text[:1].upper() + text[1:] if capital else text


_WATERS = ("Sea of Veles", "Lyman River")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NAMELESS_PEOPLE = (
    "a senior Kalvian official",
    "a Kalvian military spokesperson",
    "a regional official",
    "a Kalvian official",
)
_NAMELESS_DRAVNIANS = (
    "a Dravnian official",
    "a Dravnian defence ministry spokesman",
    "an aide to the Dravnian president",
)
_DRAVNIAN_SIDE = ("Viktor Sorokin", "Sergei Voronov", "Maria Zhukova")
_NAMELESS_BODIES = (
    "the regional administration",
    "the emergency service",
    "the general staff",
    "the prosecutor's office",
)


def _article_cast(rng: random.Random, story: _Story) -> list[_Member]:
    """The story's cast this article names: its leads always, the others mostly, a stray member
    rarely."""
    people = [m for m in story.cast if m.kind == "person"]
    places = [m for m in story.cast if m.kind == "place"]
    leads = {id(group[0]) for group in (people, places) if group}
    cast = [m for m in story.cast if id(m) in leads or rng.random() < 0.75]
    stray = [m for m in CAST if m not in story.cast and rng.random() < 0.008]
    return cast + stray


def _dateline(rng: random.Random, story: _Story, agency: str | None) -> str:
    town = story.specifics["C"]
    country = f", {story.specifics['country']}" if story.specifics["country"] else ""
    if agency is not None:
        return f"{town.upper()}{country if rng.random() < 0.5 else ''} ({agency}) \u2014 "
    return f"{town.upper()}{country} \u2014 " if rng.random() < 0.4 else ""


def _byline(rng: random.Random) -> tuple[str | None, str | None]:
    """The byline line and the agency (for the dateline) if the article is a wire story."""
    roll = rng.random()
    reporter = rng.choice(words.REPORTERS)
    if roll < 0.35:
        return f"By [{reporter}](#)", None
    if roll < 0.55:
        second = rng.choice([r for r in words.REPORTERS if r != reporter])
        return f"By [{reporter}](#) and [{second}](#)", None
    agency = rng.choice(words.AGENCIES)
    if roll < 0.8:
        return f"By [{agency}](#)", agency
    if roll < 0.9:
        return f"By [{reporter}](#), [{agency}](#)", agency
    return None, None


def _background(rng: random.Random, writer: _Writer) -> list[str]:
    count = rng.choice([0, 1, 1, 1, 2])
    chosen: list[int] = []
    while len(chosen) < count:
        index = bisect.bisect_right(_BACKGROUND_WEIGHTS, rng.random() * _BACKGROUND_WEIGHTS[-1])
        if index not in chosen:
            chosen.append(index)
    for index in chosen:
        for name in _BACKGROUND_MENTIONS[index]:
            writer.mentioned[name] = None
    return [words.BACKGROUND[index] for index in chosen]


def _body(rng: random.Random, writer: _Writer, dateline: str) -> list[str]:
    group = writer.story.topic.group
    events = _EVENTS[group]
    paragraphs = [dateline + writer.write(rng.choice(_LEDES[group]))]
    templates = rng.sample(events, k=min(len(events), rng.randint(5, 8))) + rng.sample(
        _GENERAL, k=rng.randint(4, 6)
    )
    rng.shuffle(templates)
    sentences = [writer.write(t) for t in templates]
    while sentences:
        take = rng.choice([1, 1, 2, 2, 2, 3])
        paragraphs.append(" ".join(sentences[:take]))
        del sentences[:take]
    quotes = _QUOTES[group]
    for side, quote in rng.sample(quotes, k=min(len(quotes), rng.randint(2, 3))):
        writer.quoted = quote
        paragraphs.insert(
            rng.randint(1, len(paragraphs)), writer.write(rng.choice(_ATTRIBUTIONS[side]))
        )
    background = _background(rng, writer)
    for paragraph in background:
        paragraphs.insert(rng.randint(max(2, len(paragraphs) - 4), len(paragraphs)), paragraph)
    if rng.random() < 0.25:
        paragraphs.insert(rng.randint(3, len(paragraphs) - 1), rng.choice(words.SUBHEADINGS))
    return paragraphs


def _headline(rng: random.Random, writer: _Writer, titles: set[str]) -> str:
    """A headline no other article has, if a dozen tries find one (the archive's titles in
    `titles`)."""
    templates = _HEADLINES[writer.story.topic.group]
    for _ in range(12):
        title = writer.write(rng.choice(templates))
        if title not in titles:
            break
    titles.add(title)
    return title


def _article(rng: random.Random, story: _Story, day: dt.date, titles: set[str]) -> _Draft:
    cast = _article_cast(rng, story)
    writer = _Writer(rng, story, cast, day)
    title = _headline(rng, writer, titles)
    byline, agency = _byline(rng)
    caption = None
    if rng.random() < 0.4:
        lead = writer.people[0].name if writer.people else "An official"
        attack = story.topic.group in ("strike", "deepstrike") and rng.random() < 0.7
        text = rng.choice(words.ATTACK_CAPTIONS if attack else words.CAPTIONS).format(
            C=story.specifics["C"], F=lead
        )
        caption = f"{text} [{rng.choice(words.CREDITS)}](#)"
    paragraphs = _body(rng, writer, _dateline(rng, story, agency))
    host = rng.choice(words.HOSTS)
    return _Draft(
        story.id, day, host, title, byline, caption, paragraphs, None, tuple(writer.mentioned)
    )


def _copy(
    rng: random.Random, original: _Draft, index: int, story: _Story, titles: set[str]
) -> _Draft:
    """A republished copy: another host, another headline, a paragraph changed, added or dropped."""
    writer = _Writer(rng, story, [_BY_NAME[n] for n in original.mentioned], original.day)
    writer.seen.update(original.mentioned)
    roll = rng.random()
    if roll < 0.5:
        title = _headline(rng, writer, titles)
    elif roll < 0.75:
        title = f"{original.title}, officials say"
    else:
        title = f"UPDATE 1-{original.title}"
    if title == original.title:
        title = f"{title} (updated)"
    paragraphs = list(original.paragraphs)
    for _ in range(rng.randint(1, 2)):
        operation = rng.choice(("drop", "add", "change"))
        where = rng.randint(1, len(paragraphs) - 1)
        if operation == "drop" and len(paragraphs) > 4:
            del paragraphs[where]
        elif operation == "add":
            paragraphs.insert(
                where, writer.write(rng.choice(_EVENTS[story.topic.group] + _GENERAL))
            )
        else:
            paragraphs[where] = writer.write(rng.choice(_GENERAL))
    host = rng.choice([h for h in words.HOSTS if h != original.host])
    day = original.day + dt.timedelta(days=rng.randint(0, 1))
    return replace(original, day=day, host=host, title=title, paragraphs=paragraphs, copy_of=index)


def _seed_text(draft: _Draft, url: str) -> str:
    lines = [draft.title, ""]
    if draft.byline:
        lines += [draft.byline, ""]
    lines += [_date_line(draft.day), ""]
    if draft.caption:
        lines += [draft.caption, ""]
    for paragraph in draft.paragraphs:
        lines += [paragraph, ""]
    lines += ["Original url:", "", f"<{url}>", ""]
    return "\n".join(lines)


def _slug(title: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", title.lower()).split()[:9]) or "article"


def _named(rng: random.Random, family: str, drafts: list[_Draft]) -> tuple[SyntheticArticle, ...]:
    """Seed names and URLs, shuffled so that neither tells the story; copies name their original."""
    order = list(range(len(drafts)))
    rng.shuffle(order)
    numbers = (
        rng.sample(range(100_000, 1_000_000), len(drafts))
        if len(drafts) <= 900_000
        else list(range(len(drafts)))
    )
    width = max(5, len(str(max(0, len(drafts) - 1))))
    names: dict[int, str] = {}
    urls: dict[int, str] = {}
    for position, index in enumerate(order):
        draft = drafts[index]
        day = draft.day
        url = f"https://{draft.host}/{day.year}/{day.month:02d}/{day.day:02d}/{_slug(draft.title)}-{numbers[position]}"
        urls[index] = url
        names[index] = (
            f"{family[0]}{position:0{width}d}_{hashlib.sha256(url.encode()).hexdigest()[:8]}.txt"
        )
    result = []
    for index in order:
        draft = drafts[index]
        copy_of = names[draft.copy_of] if draft.copy_of is not None else None
        result.append(
            SyntheticArticle(
                names[index], _seed_text(draft, urls[index]), draft.story, urls[index], copy_of
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------------------------
# Glossary


def _kebab(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "term"


_PRONOUN = {"person": "them", "place": "it", "organisation": "it"}


def _glossary_entries() -> list[tuple[str, str, str, list[str], str, str]]:
    entries = []
    for member in CAST:
        forms = (member.short.removeprefix("the "), *member.aliases)  # "the EU" -> "EU"; not "army"
        aliases = [a for a in dict.fromkeys(forms) if a != member.name and a[:1].isupper()]
        described = member.first.format(member.name)
        # The module's name of old (reading_archive.story_families): the corpus stays byte for byte
        # what earlier checkouts generated, so its sites and figures compare.
        explanation = (
            f"{member.summary} Articles name {_PRONOUN[member.kind]} as {described} at first"
            + (f" and then as {member.short}." if member.short != member.name else ".")
            + (
                "\n\nIt belongs to the fixed cast of `reading_archive.story_families`, the same "
                "whatever the archive's size."
            )
        )
        entries.append(
            (_kebab(member.name), member.name, member.kind, aliases, member.summary, explanation)
        )
    for topic in TOPICS:
        summary = (
            f"A recurring notion of this archive's synthetic coverage of {topic.name} "
            "in the Kalvia-Dravnia war."
        )
        explanation = (
            f"A term of generated articles about {topic.name}, alongside words such as "
            f"{', '.join(topic.nouns[1:4])}."
        )
        aliases = list(words.CONCEPT_ALIASES.get(topic.concept, ()))
        entries.append(
            (_kebab(topic.concept), topic.concept, "concept", aliases, summary, explanation)
        )
    return entries


def _glossary() -> tuple[SyntheticGlossaryTerm, ...]:
    """The cast and the topics' concepts as glossary files; an alias only where it is
    unambiguous."""
    entries = _glossary_entries()
    names = {term.lower() for _, term, *_ in entries}
    alias_uses: dict[str, int] = {}
    for entry in entries:
        for alias in set(entry[3]):
            alias_uses[alias.lower()] = alias_uses.get(alias.lower(), 0) + 1
    ids: set[str] = set()
    terms = []
    for base, term, kind, aliases, summary, explanation in entries:
        term_id, suffix = base, 2
        while term_id in ids:
            term_id, suffix = f"{base}-{suffix}", suffix + 1
        ids.add(term_id)
        kept = [a for a in aliases if alias_uses[a.lower()] == 1 and a.lower() not in names]
        lines = ["---", f"term: {json.dumps(term)}", f"type: {kind}"]
        lines += ["aliases:", *(f"  - {json.dumps(a)}" for a in kept)] if kept else ["aliases: []"]
        lines += [f"summary: {json.dumps(summary)}", "references: []", "---", "", explanation, ""]
        terms.append(SyntheticGlossaryTerm(term_id, "\n".join(lines)))
    return tuple(sorted(terms, key=lambda t: t.id))


# --------------------------------------------------------------------------------------------
# The corpus


def _drafts(rng: random.Random, stories: list[_Story], copies: int) -> list[_Draft]:
    drafts = []
    titles: set[str] = set()  # only looked up, never iterated
    for story in stories:
        offsets = [0] + sorted(rng.randint(0, story.days) for _ in range(story.size - 1))
        drafts += [
            _article(rng, story, story.start + dt.timedelta(days=offset), titles)
            for offset in offsets
        ]
    originals = len(drafts)
    for index in sorted(rng.sample(range(originals), min(copies, originals))):
        drafts.append(_copy(rng, drafts[index], index, stories[drafts[index].story], titles))
    return drafts


def _public_story(story: _Story) -> SyntheticStory:
    def names(kind: str) -> tuple[str, ...]:
        return tuple(m.name for m in story.cast if m.kind == kind)

    places = names("place")
    settings = (
        (story.specifics["C"], story.specifics["V"])
        if story.topic.group == "front"
        else (story.specifics["C"],)
    )
    places += tuple(
        p for p in settings if p not in places
    )  # where it happens: its town (and village)
    return SyntheticStory(
        story.id,
        story.topic.name,
        None,
        names("person"),
        places,
        names("organisation"),
        story.start,
        story.days,
        story.parent,
    )


def generate_family(family: str, articles: int, *, seed: int = 0) -> Corpus:
    """A corpus of `articles` seeds about one war, in story clusters, and its glossary.

    `family` is one of FAMILIES. Deterministic: the same arguments give byte-identical texts.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}; got {family!r}")
    if articles < 0:
        raise ValueError("articles must be >= 0")
    rng = random.Random(seed)
    copies = articles * _COPIES_PER_HUNDRED // 100
    stories = _make_stories(rng, family, articles - copies)
    drafts = _drafts(rng, stories, copies)
    return Corpus(
        _named(rng, family, drafts), _glossary(), tuple(_public_story(s) for s in stories)
    )
