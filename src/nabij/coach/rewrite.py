"""``rewrite``: the same message without the wall — feeling, situation, need (step 3 of the model).

"Jij laat me altijd alleen" pushes the partner away; "Ik voel me eenzaam als ik 's avonds alleen
ben" opens a door. A rewrite keeps what the message is about: the accused behaviour becomes the
situation, told from the writer's side, and a data file per language
(``data/needs.<lang>.toml``) maps the words of the accusation to the feeling and the need beneath
it. Absolutes, insults and sarcasm are left out because they are not part of any situation.

The same reading of a message (``read``) gives ``attune`` the feeling and situation to name.
"""

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from nabij.coach.analysis import Analysis, Span, analyse
from nabij.coach.labels import Label, Safety
from nabij.coach.matcher import find
from nabij.coach.needs import Lexicon, NeedMap, Topic, need_map
from nabij.coach.rules import rules
from nabij.coach.tokens import Token, tokenize
from nabij.model.ids import Lang


@dataclass(frozen=True)
class Suggestion:
    """A blame-free way to say a message: the whole text and the parts it was built from."""

    text: str
    feeling: str
    need: str
    situation: str


# Swapping whose thing it is when the listener says a situation back ("je telefoon" → "mijn").
_TURN = {
    Lang.NL: {"je": "mijn", "jouw": "mijn", "mijn": "je"},
    Lang.EN: {"your": "my", "my": "your"},
}
# Where one part of a sentence ends and the next begins ("ik hou van je, maar …"; "mijn moeder
# had gelijk, jij geeft nergens om"): a comma, a semicolon or "maar"/"but".
_JOIN = re.compile(r",?\s+(?:maar|but|though)\s+|[;,]\s*", re.IGNORECASE)
_LEADING_JOIN = re.compile(r"^(?:maar|en|but|and|though|so|dus)\b[\s,]*", re.IGNORECASE)
_PIECE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    word: str
    owner: int
    order: int


@dataclass(frozen=True)
class Reading:
    """What lies beneath one message: its topic, the feeling and need, and where it happens."""

    lang: Lang
    topic: Topic
    word: str
    when: str
    feeling: str
    own_feeling: bool
    doors: tuple[str, ...]
    key: int

    def situation_at(self, turn: int) -> str:
        """Return a situation from the writer's side, picked from the content, ``turn`` on."""
        frames = self.topic.situations
        return _fill(frames[(self.key // 7 + turn) % len(frames)], self.word, self.when)

    @property
    def heard(self) -> str:
        """Return the situation as the listener says it back ("als je 's avonds alleen bent")."""
        frames = self.topic.heard
        return _fill(frames[self.key % len(frames)], _turn(self.word, self.lang), self.when)

    def request_at(self, turn: int) -> str:
        """Return one of the requests, chosen from the content and moved on by ``turn``."""
        frames = self.topic.requests
        return _fill(frames[(self.key // 31 + turn) % len(frames)], self.word, "")


def tidy(text: str) -> str:
    """Return ``text`` with single spaces and no space before punctuation (after empty slots)."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:?!])", r"\1", text)


def _fill(frame: str, word: str, when: str) -> str:
    return tidy(frame.replace("{word}", word).replace("{when}", when))


def _turn(word: str, lang: Lang) -> str:
    head, _, rest = word.partition(" ")
    turned = _TURN[lang].get(head.lower())
    return f"{turned} {rest}" if turned and rest else word


def capital(text: str) -> str:
    """Return ``text`` with a capital at the start ("'s avonds" → "'s Avonds", as in Dutch)."""
    if text.startswith("'s "):
        return "'s " + capital(text[3:])
    return text[:1].upper() + text[1:]


def _clauses(text: str) -> list[tuple[int, int]]:
    """Return the clauses of ``text``: sentences, split at commas and where "maar"/"but" joins."""
    found = []
    for piece in _PIECE.finditer(text):
        start = piece.start()
        for join in _JOIN.finditer(piece.group()):
            found.append((start, piece.start() + join.start()))
            start = piece.start() + join.end()
        found.append((start, piece.end()))
    return [(s, e) for s, e in found if text[s:e].strip()]


def _overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < end and span.end > start


def _matches(lexicon: Lexicon, tokens: Sequence[Token]) -> list[_Found]:
    return [
        _Found(
            tokens[m.first].start,
            tokens[m.last - 1].end,
            lexicon.words[m.accept],
            lexicon.owners[m.accept],
            m.accept,
        )
        for m in find(lexicon.tree, tokens)
    ]


def _door_text(text: str) -> str:
    text = _LEADING_JOIN.sub("", text.strip().rstrip(",;:")).strip()
    if text and text[-1] not in ".!?":
        text += "."
    return capital(text)


# Walls that speak about the partner. Words in a clause whose only walls are defending or
# shutting down ("het was maar één biertje", "laat me met rust") are about the writer instead.
_ACCUSING = frozenset({Label.BLAME, Label.GENERALIZATION, Label.CONTEMPT, Label.THREAT})
# When no topic fits, the fallback block follows the strongest wall in the message.
_FALLBACK_ORDER = (Label.THREAT, Label.CONTEMPT, Label.WITHDRAWAL, Label.DEFENSIVENESS)


@dataclass(frozen=True)
class _Message:
    """One message as ``read`` needs it: its text, tokens, clauses and spans."""

    text: str
    tokens: list[Token]
    clauses: list[tuple[int, int]]
    walls: list[Span]
    doors: list[Span]

    def clause_of(self, offset: int) -> tuple[int, int]:
        return next(((s, e) for s, e in self.clauses if s <= offset < e), (offset, offset + 1))


def _threatened(message: _Message, found: _Found, conditional: frozenset[str]) -> bool:
    """Return whether ``found`` is what a threat threatens, not the condition it names.

    "Als je zo doorgaat, neem ik de kinderen mee": the children are the threat, not the pain.
    A word counts when a conditional word ("als", "if", "… and I'm leaving") puts it in the
    condition: before the threat with one ahead of the threat, or inside or after a threat that
    opens with one ("als je nog één keer dronken thuiskomt"), or after one that follows it.
    """
    start, end = message.clause_of(found.start)
    conds = [t.start for t in message.tokens if start <= t.start < end and t.surface in conditional]
    for threat in (
        s for s in message.walls if s.label is Label.THREAT and _overlaps(s, start, end)
    ):
        opening = message.text[threat.start : threat.end].split(maxsplit=1)[0].lower()
        if found.start < threat.start:
            if not any(c < threat.start for c in conds):
                return True
        elif opening not in conditional and not any(threat.end <= c <= found.start for c in conds):
            return True  # inside or after a threat that names no condition first
    return False


def _rank(message: _Message, found: _Found, topic: Topic, needs: NeedMap) -> tuple[int, ...] | None:
    """Return how well ``found`` names what the message is about (lower is better), or None."""
    start, end = message.clause_of(found.start)
    clause_walls = [s for s in message.walls if _overlaps(s, start, end)]
    if clause_walls:
        if not any(s.label in _ACCUSING for s in clause_walls):
            return None  # the writer defending or closing off speaks about themselves
        if _threatened(message, found, needs.conditional):
            return None
    elif any(_overlaps(s, start, end) for s in message.doors):
        return None  # words of a door ("ik hou van je") are no reproach
    elif not any(s.label in _ACCUSING for s in message.walls):
        return None
    inside = any(_overlaps(s, found.start, found.end) for s in clause_walls)
    return (not clause_walls, topic.general, not inside, found.start, found.order)


def _topic(message: _Message, needs: NeedMap) -> tuple[Topic, str, _Found | None]:
    """Return the topic of a message, the words it brings, and where they were found."""
    found = _matches(needs.triggers, message.tokens)
    best: tuple[tuple[int, ...], _Found] | None = None
    for candidate in found:
        topic = needs.topics[candidate.owner]
        place = None if topic.fallback else _rank(message, candidate, topic, needs)
        if place is not None and (best is None or place < best[0]):
            best = (place, candidate)
    if best is not None:
        chosen = best[1]
        # The words come from the topic's most specific pattern at that place ("vergeten ~4
        # trouwdag" before "vergeten"): the file lists specific patterns first.
        same = [f for f in found if f.owner == chosen.owner and f.start < chosen.end]
        specific = min((f for f in same if f.end > chosen.start), key=lambda f: f.order)
        return needs.topics[chosen.owner], specific.word, chosen
    # No topic: the block for a wall of the message, the one its words name first, else the
    # strongest wall's.
    labels = {s.label for s in message.walls}
    blocks = [n for n, t in enumerate(needs.topics) if t.fallback and t.wall in labels]
    hits = sorted((f.start, f.order, f.owner) for f in found if f.owner in blocks)
    if hits:
        return needs.topics[hits[0][2]], "", None
    for wall in _FALLBACK_ORDER:
        for n in blocks:
            if needs.topics[n].wall is wall:
                return needs.topics[n], "", None
    return needs.default, "", None


def _when(message: _Message, needs: NeedMap, found: _Found | None) -> str:
    """Return a time from the topic's own clause ("'s avonds"), not one glued to the topic."""
    if found is None:
        return ""
    start, end = message.clause_of(found.start)
    times = [
        f
        for f in _matches(needs.when, message.tokens)
        if start <= f.start < end and (f.end <= found.start or f.start > found.end + 1)
    ]
    return min(times, key=lambda f: f.start).word if times else ""


def read(analysis: Analysis, lang: Lang | None = None) -> Reading:
    """Return what lies beneath a message: its topic, feeling, need and the doors it already has.

    The topic is the word in a reproach that best says what hurts: a word in a clause with a
    wall wins over one elsewhere, a concrete topic over a general behaviour ("helpen"), a word
    inside the reproach over the rest of its clause, then the first. Words where the writer
    defends or closes off, words of a door, and what a threat threatens never count. With no
    topic, the block for the message's strongest wall (threat, contempt, withdrawal,
    defensiveness) is used, else the default.
    """
    lang = lang or analysis.lang
    needs = need_map(lang)
    text = analysis.text
    tokens = tokenize(text, lang, rules(lang).spelling)
    clauses = _clauses(text)
    message = _Message(
        text,
        tokens,
        clauses,
        [s for s in analysis.spans if s.label.is_wall],
        [s for s in analysis.spans if not s.label.is_wall],
    )
    topic, word, found = _topic(message, needs)
    when = _when(message, needs, found)

    feeling, own, doors = topic.feeling, False, []
    for start, end in clauses:
        inside = [s for s in analysis.spans if _overlaps(s, start, end)]
        if not inside or any(s.label.is_wall for s in inside):
            continue
        named = [s for s in inside if s.label is Label.FEELING]
        if named and not own:
            words = [f for f in _matches(needs.feelings, tokens) if named[0].start <= f.start < end]
            if words:
                feeling, own = min(words, key=lambda f: f.start).word, True
                continue
        doors.append(_door_text(text[start:end]))
    content = " ".join(t.lemma for t in tokens)
    return Reading(
        lang=lang,
        topic=topic,
        word=word,
        when=when,
        feeling=feeling,
        own_feeling=own,
        doors=tuple(doors),
        key=zlib.crc32(content.encode()),
    )


def compose(shape: str, feeling: str, situation: str, need: str, request: str) -> str:
    """Return the text of a rewrite in one of the shapes of a needs file."""
    values = {"feeling": feeling, "situation": situation, "need": need, "request": request}
    values |= {key.capitalize(): capital(value) for key, value in values.items()}
    return tidy(shape.format_map(values))


def _opens_a_door(text: str, lang: Lang) -> bool:
    """Return whether ``text`` names a feeling and builds no wall when the coach reads it."""
    seen = analyse(text, lang)
    return seen.safety is Safety.NONE and not seen.walls and Label.FEELING in seen.labels


def rewrite(message: str | Analysis, lang: Lang | None = None) -> Suggestion | None:
    """Return a blame-free way to say ``message``; None with no wall, a safety signal, or no
    wording the coach itself reads as wall-free.

    Doors the message already opens ("ik mis je", "sorry") are kept in front. The shape, the
    situation and the request are picked from the content of the message, so that different
    messages get different sentences and the same message always gets the same one; the
    first combination that the coach itself reads as wall-free with a feeling is returned.

    >>> suggestion = rewrite("Jij laat me altijd alleen.", Lang.NL)
    >>> suggestion.feeling if suggestion else None
    'eenzaam'
    """
    analysis = message if isinstance(message, Analysis) else analyse(message, lang)
    if analysis.safety is not Safety.NONE or not analysis.walls:
        return None
    reading = read(analysis, lang)
    needs = need_map(reading.lang)
    shapes = len(needs.shapes)
    for turn in range(shapes * len(reading.topic.situations) * len(reading.topic.requests)):
        shape = needs.shapes[(reading.key + turn) % shapes]
        situation = reading.situation_at(turn // shapes)
        request = reading.request_at(turn // shapes // len(reading.topic.situations))
        body = compose(shape, reading.feeling, situation, reading.topic.need, request)
        for doors in (reading.doors, ()):
            text = " ".join((*doors, body))
            if _opens_a_door(text, reading.lang):
                return Suggestion(text, reading.feeling, reading.topic.need, situation)
            if not reading.doors:
                break
    # Never offer a "better way" that the coach itself reads as a wall.
    return None
