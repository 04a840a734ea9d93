"""A whole chat as a use case: read an uploaded export in memory and put what it shows in words.

``analyse_upload`` reads the bytes of an upload (never a file on disk) and analyses the chat;
``chat_words`` turns that analysis into the texts of the web page, in the order and with the
words of the terminal report (``nabij.cli.chat_report``): safety first, then the trend of doors
and walls, how the two respond to each other, their dance and the model. A chat without times
(a transcript) says so, and shows nothing that would be read from time: no period, weeks,
months, reply times, unanswered bids or pace. Every sentence comes
from ``nabij.conversation``'s ``texts.<lang>.toml`` and the crisis model's own texts. Nothing is
written down and nothing is logged: the analysis lives as long as the request that made it.
"""

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from babel.dates import format_date

from nabij.conversation.analysis import ChatAnalysis, analyse_chat, paused_collector
from nabij.conversation.dance import EXAMPLE_CHARS, Evidence, PatternReading, Signal, spread
from nabij.conversation.importers import read_chat
from nabij.conversation.measures import WeekMeasures
from nabij.conversation.messages import Chat
from nabij.conversation.plot import LABEL_KEYS, phase_plot_svg
from nabij.conversation.safety import SafetyStatus
from nabij.conversation.sequences import BID_WAIT, SequenceKind
from nabij.conversation.texts import chat_text, plural
from nabij.conversation.timeline import REPLY_CAP
from nabij.engine.words import decimal
from nabij.model.crisis_lines import CrisisLine, crisis_lines
from nabij.model.ids import Lang, Pattern
from nabij.model.texts import model_text

# The largest upload the page takes. 100,000 messages are about 5 MB of text and take a few
# seconds to read; 50 MB covers a chat of many years.
MAX_FILE_BYTES = 50 * 1024 * 1024
# The chat text itself, plain or inside a zip (where photos take most of the 50 MB), is read up
# to 20 MB: some 400,000 messages, about 12 s and 0.8 GB of memory for one analysis (measured by
# bench/chat.py at 100,000 messages: 3 s, 230 MB). A larger text is refused as soon as its size
# shows, so a small zip that unpacks to gigabytes is never read in full.
MAX_TEXT_BYTES = 20 * 1024 * 1024
# The same choices as the terminal report (nabij.cli.chat_report): evidence shown per signal,
# spread over the months; the F test's level at which the other's influence is called clear;
# the band around zero that reads as a neutral set point; replies shown in minutes below this.
SHOWN_PER_SIGNAL = 2
P_CLEAR = 0.05
NEUTRAL_BAND = 0.5
MINUTES_UNTIL = 90
# Example messages per evidence item, as in the terminal report.
EXAMPLES_PER_ITEM = 2


class DateOrder(StrEnum):
    """How the dates in the export are written; ``auto`` lets the whole file decide."""

    AUTO = "auto"
    DAYFIRST = "dayfirst"
    MONTHFIRST = "monthfirst"

    @property
    def dayfirst(self) -> bool | None:
        """Return ``read_chat``'s ``dayfirst`` for this choice."""
        return {DateOrder.DAYFIRST: True, DateOrder.MONTHFIRST: False}.get(self)

    @classmethod
    def of(cls, value: str) -> "DateOrder":
        """Return the order a form sent; anything unknown is ``auto``."""
        try:
            return cls(value)
        except ValueError:
            return cls.AUTO


class ChatTooLargeError(Exception):
    """The chat text (plain or inside a zip) is larger than ``MAX_TEXT_BYTES``."""


def _guard(count: int, total: int | None) -> None:
    """Stop reading as soon as the text is known to be too large (a progress callback)."""
    if count > MAX_TEXT_BYTES or (total is not None and total > MAX_TEXT_BYTES):
        raise ChatTooLargeError()


def read_upload(content: bytes, order: DateOrder = DateOrder.AUTO) -> Chat:
    """Read an uploaded export held in memory; ``ChatError`` names the line where it fails."""
    # Reading makes as many small objects as analysing; the same pause helps it (as in the CLI).
    with paused_collector():
        return read_chat(io.BytesIO(content), dayfirst=order.dayfirst, progress=_guard)


def analyse_upload(
    content: bytes,
    *,
    order: DateOrder = DateOrder.AUTO,
    partners: tuple[str, str] | None = None,
    me: str | None = None,
) -> ChatAnalysis:
    """Read and analyse an uploaded export, in memory only.

    Raises ``ChatError`` for a file that is no chat, ``ChatTooLargeError`` for too much text,
    and ``PartnersError`` (with the senders) when the two partners cannot be chosen.
    """
    chat = read_upload(content, order)
    return analyse_chat(chat, partners=partners, me=me)


# --- the words of the page -------------------------------------------------------------------


@dataclass(frozen=True)
class SafetyNotice:
    """The private notice that opens the page when the chat shows harm, threats or control."""

    reasons: tuple[str, ...]
    lines: tuple[CrisisLine, ...]


@dataclass(frozen=True)
class Week:
    """One ISO week with doors or walls: each partner's (doors, walls) and the two together."""

    week: str  # YYYY-Www
    monday: date
    figures: tuple[tuple[int, int], tuple[int, int]]  # (W, H)
    together: str

    @property
    def doors_share(self) -> tuple[int | None, int | None]:
        """Return of every ten messages with a door or a wall, how many held a door (W, H)."""
        return (_share(*self.figures[0]), _share(*self.figures[1]))


@dataclass(frozen=True)
class WholeChat:
    """A chat without times has no weeks: doors and walls over the whole chat (W, H)."""

    label: str
    figures: tuple[tuple[int, int], tuple[int, int]]  # (W, H): (doors, walls)
    together: str


def _share(doors: int, walls: int) -> int | None:
    """Return doors out of ten marked messages, rounded; None when there was neither.

    >>> _share(3, 1), _share(0, 2), _share(0, 0)
    (8, 0, None)
    """
    marked = doors + walls
    return None if marked == 0 else round(10 * doors / marked)


@dataclass(frozen=True)
class Example:
    """One moment the dance rests on, with the texts of its first messages."""

    line: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class PatternWords:
    """A pattern that shows in the chat, in words."""

    pattern: Pattern
    heading: str
    readings: tuple[str, ...]
    helps: str
    examples: tuple[Example, ...]
    more: int  # moments not shown


@dataclass(frozen=True)
class MonthRow:
    """One month's strength of each pattern ("–" when there were too few messages)."""

    month: str
    strengths: tuple[tuple[str, bool], ...]  # (strength, visible) per pattern, in contract order


@dataclass(frozen=True)
class ModelWords:
    """The model's reading: sentences, each with the sentences that detail it, and the plot."""

    conversations: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]
    plot: str | None


@dataclass(frozen=True)
class ChatWords:
    """Everything the result page says about one chat, in one language."""

    partners: tuple[str, str]
    period: str | None
    no_times: str | None  # the note for a chat without times, which has no period
    safety: SafetyNotice | None
    trend_title: str
    weeks: tuple[Week, ...]  # none without times
    whole: WholeChat | None  # without times, instead of the weeks
    sequences: tuple[str, ...]
    patterns: tuple[PatternWords, ...]
    pattern_names: tuple[str, ...]  # in contract order, for the months table
    months: tuple[MonthRow, ...]  # none without times
    too_little: str | None  # said when no pattern could be given a strength
    not_visible: str
    not_read: str | None  # the patterns that need times, for a chat without them
    model: ModelWords


class _Words:
    """The texts of the chat analysis in one language, with its numbers and dates."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def t(self, *keys: str, **values: object) -> str:
        return chat_text(self.lang, *keys).format(**values)

    def n(self, count: int, *keys: str, **values: object) -> str:
        """Return a counting text in the form for ``count``, which fills ``{count}``."""
        return self.t(*keys, plural(count), count=count, **values)

    def number(self, value: float) -> str:
        return decimal(value, self.lang)

    def value(self, value: float | None) -> str:
        return "–" if value is None else self.number(value)

    def day(self, day: date) -> str:
        return format_date(day, "medium", locale=self.lang.value)

    def month(self, month: str | None) -> str:
        if month is None:  # a chat without times is one stretch
            return self.t("dance", "whole_chat")
        year, number = (int(part) for part in month.split("-"))
        return format_date(date(year, number, 1), "LLLL y", locale=self.lang.value)

    def pattern(self, pattern: Pattern) -> str:
        return model_text(self.lang, "pattern", pattern.value, "name")


def plot_labels(lang: Lang, partners: tuple[str, str]) -> dict[str, str]:
    """Return the phase plot's texts in ``lang``, with the partners' names filled in."""
    w, h = partners
    return {key: chat_text(lang, "plot", key).format(w=w, h=h) for key in LABEL_KEYS}


def chat_words(analysis: ChatAnalysis, lang: Lang) -> ChatWords:
    """Return the page's words for ``analysis`` (examples included: for the uploader only)."""
    words = _Words(lang)
    w, h = analysis.partners
    period = None
    if analysis.period is not None:
        first, last = analysis.period
        period = words.t("report", "period", first=words.day(first), last=words.day(last), w=w, h=h)
    timed = analysis.timed
    # Without times some patterns cannot be read at all: they are named apart.
    patterns = [p for p in analysis.dance.patterns if p.readable]
    unread = [words.pattern(p.pattern) for p in analysis.dance.patterns if not p.readable]
    examples = analysis.examples()
    too_little = all(m.strength is None for p in patterns for m in p.months)
    return ChatWords(
        partners=analysis.partners,
        period=period,
        no_times=None if timed else words.t("report", "no_times"),
        safety=_safety(analysis, words),
        trend_title=words.t("trend", "title" if timed else "title_no_times"),
        weeks=_weeks(analysis, words),
        whole=None if timed else _whole(analysis, words),
        sequences=_sequences(analysis, words),
        patterns=tuple(_pattern(p, examples, words) for p in patterns if p.visible),
        pattern_names=tuple(words.pattern(p.pattern) for p in analysis.dance.patterns),
        months=_months(analysis, words) if timed else (),
        too_little=words.t("dance", "too_little" if timed else "too_little_no_times")
        if too_little
        else None,
        not_visible=", ".join(words.pattern(p.pattern) for p in patterns if not p.visible),
        not_read=words.t("dance", "not_read", patterns=", ".join(unread)) if unread else None,
        model=_model(analysis, words),
    )


def _safety(analysis: ChatAnalysis, words: _Words) -> SafetyNotice | None:
    if analysis.safety.status is not SafetyStatus.CONCERN:
        return None
    return SafetyNotice(
        reasons=tuple(
            words.t("safety", "reason", f.reason.value, count=f.count)
            for f in analysis.safety.findings
        ),
        lines=crisis_lines(words.lang).for_concerns(analysis.safety.concerns),
    )


def _together(mine: WeekMeasures, theirs: WeekMeasures, words: _Words) -> str:
    """Return the two partners' doors per wall together, in words."""
    doors, walls = mine.doors + theirs.doors, mine.walls + theirs.walls
    if walls == 0:
        return words.t("trend", "no_walls")
    return words.t("trend", "ratio", value=words.number(doors / walls))


def _weeks(analysis: ChatAnalysis, words: _Words) -> tuple[Week, ...]:
    """Return the weeks in which either partner sent a message with a door or a wall."""
    w, h = analysis.partners
    found = []
    for week, mine in analysis.measures[w].items():
        theirs = analysis.measures[h][week]
        if not (mine.doors or mine.walls or theirs.doors or theirs.walls):
            continue
        year, number = (int(part) for part in week.split("-W"))
        found.append(
            Week(
                week,
                date.fromisocalendar(year, number, 1),
                ((mine.doors, mine.walls), (theirs.doors, theirs.walls)),
                _together(mine, theirs, words),
            )
        )
    return tuple(found)


def _whole(analysis: ChatAnalysis, words: _Words) -> WholeChat:
    """Return the doors and walls of the whole chat, for a chat without weeks."""
    w, h = analysis.partners
    mine, theirs = analysis.totals[w], analysis.totals[h]
    return WholeChat(
        words.t("trend", "whole_chat"),
        ((mine.doors, mine.walls), (theirs.doors, theirs.walls)),
        _together(mine, theirs, words),
    )


def _wait(minutes: float | None, words: _Words) -> str:
    if minutes is None:
        return words.t("sequences", "no_replies")
    if minutes < MINUTES_UNTIL:
        return words.t("sequences", "minutes", value=round(minutes))
    return words.t("sequences", "hours", value=words.number(minutes / 60))


def _sequences(analysis: ChatAnalysis, words: _Words) -> tuple[str, ...]:
    w, h = analysis.partners
    counted = analysis.sequence_totals

    def both(kind: SequenceKind) -> dict[str, int | None]:
        return {"w_count": counted[w][kind.value], "h_count": counted[h][kind.value]}

    mine, theirs = analysis.totals[w], analysis.totals[h]
    lines = [
        words.t("sequences", "escalation", w=w, h=h, **both(SequenceKind.ESCALATION)),
        words.t("sequences", "repair", w=w, h=h, **both(SequenceKind.REPAIR)),
    ]
    if analysis.timed:  # a wait for an answer and a reply time are read from time
        lines += [
            words.t(
                "sequences",
                "unanswered",
                hours=round(BID_WAIT.total_seconds() / 3600),
                w=w,
                h=h,
                **both(SequenceKind.UNANSWERED_BID),
            ),
            words.t(
                "sequences",
                "replies",
                w=w,
                h=h,
                w_time=_wait(mine.reply_minutes, words),
                h_time=_wait(theirs.reply_minutes, words),
                cap=round(REPLY_CAP.total_seconds() / 3600),
            ),
        ]
    lines.append(
        words.t("sequences", "runs", w=w, h=h, w_count=mine.long_runs, h_count=theirs.long_runs)
    )
    return tuple(lines)


def _pattern(reading: PatternReading, examples: Mapping[int, str], words: _Words) -> PatternWords:
    months = [m for m in reading.months if m.visible]
    peak = max(m.strength or 0.0 for m in months)
    heading = words.t(
        "dance",
        "visible",
        pattern=words.pattern(reading.pattern),
        months=", ".join(words.month(m.month) for m in months),
    )
    heading += f" ({words.t('dance', 'strength', value=words.number(peak))})"
    if reading.pattern is Pattern.PURSUE_WITHDRAW:
        roles = dict.fromkeys((m.pursuing, m.withdrawing) for m in months)
        # Without times (no month) a withdrawing partner is not read as answering later.
        key = "roles" if all(m.month is not None for m in months) else "roles_no_times"
        readings = tuple(
            words.t("dance", "pursue_withdraw", key, pursuer=pursuer, withdrawer=withdrawer)
            for pursuer, withdrawer in roles
        )
    else:
        readings = (words.t("dance", reading.pattern.value, "reading"),)
    shown = _chosen(reading.evidence)
    return PatternWords(
        pattern=reading.pattern,
        heading=heading,
        readings=readings,
        helps=model_text(words.lang, "pattern", reading.pattern.value, "helps"),
        examples=tuple(_example(item, examples, words) for item in shown),
        more=len(reading.evidence) - len(shown),
    )


def _chosen(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    """Return a few moments per signal, spread over the months, in the signals' order."""
    by_signal: dict[Signal, list[Evidence]] = {}
    for item in evidence:
        by_signal.setdefault(item.signal, []).append(item)
    order = list(Signal)
    return sorted(
        (item for items in by_signal.values() for item in spread(items, SHOWN_PER_SIGNAL)),
        key=lambda e: (order.index(e.signal), e.day or date.min, e.messages),
    )


def _example(item: Evidence, examples: Mapping[int, str], words: _Words) -> Example:
    values: dict[str, Any] = {"name": item.partner}
    signal = words.t("dance", "signal", item.signal.value)
    if item.day is None:  # a chat without times: no dates, and no delays
        line = words.t("dance", "evidence", "line_no_date", signal=signal, **values)
    elif item.signal is Signal.DELAYS and item.hours is not None:
        hours = words.number(item.hours)
        line = words.t(
            "dance", "evidence", "delay", date=words.day(item.day), hours=hours, **values
        )
    else:
        line = words.t(
            "dance", "evidence", "line", date=words.day(item.day), signal=signal, **values
        )
    texts = []
    for index in item.messages[:EXAMPLES_PER_ITEM]:
        text = examples.get(index, "")
        if text:
            texts.append(text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…")
    return Example(line, tuple(texts))


def _months(analysis: ChatAnalysis, words: _Words) -> tuple[MonthRow, ...]:
    """Return each month's strengths; a chat without times has no months (none are asked)."""
    patterns = analysis.dance.patterns
    by_month = [{m.month: m for m in p.months if m.month is not None} for p in patterns]
    months = sorted({month for found in by_month for month in found})
    rows = []
    for month in months:
        cells = []
        for found in by_month:
            reading = found.get(month)
            if reading is None or reading.strength is None:
                cells.append(("–", False))
            else:
                cells.append((words.number(reading.strength), reading.visible))
        rows.append(MonthRow(words.month(month), tuple(cells)))
    return tuple(rows)


def _model(analysis: ChatAnalysis, words: _Words) -> ModelWords:
    """Return the model's reading in the words of the terminal report."""
    found = analysis.model.to_json()
    conversations = found["conversations"]
    partners = found["partners"]
    names = {role: partners[role]["sender"] for role in ("w", "h")}
    lines = [
        _partner_model(partners[role], names[other], found["settings"]["min_steps"], words)
        for role, other in (("w", "h"), ("h", "w"))
    ]
    if not all(partners[role]["parameters"] is not None for role in ("w", "h")):
        lines.append((words.t("model", "no_fit"), ()))
    elif found["influenced_steady_states"]:
        for state in found["influenced_steady_states"]:
            stability = words.t("model", "stability", state["stability"])
            values = {"w_value": words.value(state["w"]), "h_value": words.value(state["h"])}
            line = words.t(
                "model", "state", w=names["w"], h=names["h"], stability=stability, **values
            )
            lines.append((line, ()))
    else:
        lines.append((words.t("model", "no_state"), ()))
    model = analysis.model
    drawn = any(model.trajectory) or bool(model.steady_states)
    plot = (
        phase_plot_svg(model, model.trajectory, labels=plot_labels(words.lang, analysis.partners))
        if drawn
        else None
    )
    used = len(conversations["used"])
    counted = words.n(
        used,
        "model",
        "conversations",
        total=conversations["total"],
        with_wall=conversations["with_wall"],
        used=used,
    )
    return ModelWords(
        conversations=counted
        if analysis.timed
        else f"{words.t('model', 'one_conversation')} {counted}",
        lines=tuple(lines),
        plot=plot,
    )


def _partner_model(
    part: Mapping[str, Any], other: str, min_steps: int, words: _Words
) -> tuple[str, tuple[str, ...]]:
    """Return one partner's sentence, and the sentences that detail it."""
    name = part["sender"]
    parameters = part["parameters"]
    if parameters is None:
        reason = words.t(
            "model", "reason", part["reason"], name=name, steps=part["steps"], min_steps=min_steps
        )
        return reason, ()
    state = part["uninfluenced_steady_state"]
    if state is None or state["value"] is None:
        head = words.t("model", "set_point_none", name=name)
    else:
        value = state["value"]
        direction = (
            "warm" if value > NEUTRAL_BAND else "sharp" if value < -NEUTRAL_BAND else "neutral"
        )
        head = words.t(
            "model",
            "set_point",
            name=name,
            value=words.number(value),
            direction=words.t("model", direction),
        )
    p_value = (part["influence_test"] or {}).get("p_value")
    clear = p_value is not None and p_value < P_CLEAR
    details = (
        words.t("model", "inertia", name=name, value=words.value(parameters["inertia"]["value"])),
        words.t(
            "model",
            "influence",
            name=name,
            other=other,
            positive=words.value(parameters["influence_positive"]["value"]),
            negative=words.value(parameters["influence_negative"]["value"]),
        ),
        words.t("model", "influence_clear" if clear else "influence_unclear"),
    )
    return head, details
