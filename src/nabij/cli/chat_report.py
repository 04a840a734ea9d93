"""The chat analysis as a readable report on the terminal, safety first.

Every word comes from ``nabij.conversation``'s ``texts.<lang>.toml``; pattern names and what
helps come from the crisis model's own texts, so that the chat and the assessment speak alike.
A chat without times (a transcript) says so once, near the top, and shows nothing that would be
read from time: no period, weeks, reply times, unanswered bids or pace.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from nabij.cli.coach import printable
from nabij.cli.report import Report
from nabij.coach.analysis import MAX_CHARS
from nabij.conversation.analysis import ChatAnalysis
from nabij.conversation.dance import Evidence, PatternReading, Signal, spread
from nabij.conversation.measures import WeekMeasures
from nabij.conversation.plot import LABEL_KEYS
from nabij.conversation.safety import SafetyStatus
from nabij.conversation.sequences import BID_WAIT, SequenceKind
from nabij.conversation.texts import chat_text, plural
from nabij.conversation.timeline import REPLY_CAP
from nabij.engine.words import decimal
from nabij.model.ids import Lang, Pattern
from nabij.model.texts import model_text

# The table shows the last weeks with messages; a year of weeks does not fit a screen, and the
# JSON holds them all.
MAX_WEEKS = 12
# Evidence shown per signal, spread over the visible months: enough to recognise the pattern,
# few enough to stay readable.
SHOWN_PER_SIGNAL = 2
# The influence of the other is called clear when the F test's p value is below this (the
# usual 5% level; the JSON gives the p value itself).
P_CLEAR = 0.05
# A set point within this many points of zero reads as neutral: less than half the weight of
# the lightest label.
NEUTRAL_BAND = 0.5
# Replies under this many minutes are shown in minutes, longer ones in hours.
MINUTES_UNTIL = 90


def plot_labels(lang: Lang, partners: tuple[str, str]) -> dict[str, str]:
    """Return the phase plot's texts in ``lang``, with the partners' names filled in."""
    w, h = partners
    return {key: chat_text(lang, "plot", key).format(w=w, h=h) for key in LABEL_KEYS}


class ChatReport:
    """Renders one chat analysis in one language."""

    def __init__(self, console: Console, lang: Lang, _: Callable[[str], str]) -> None:
        self.console = console
        self.lang = lang
        self._ = _

    def t(self, *keys: str, **values: object) -> str:
        """Return a text of the chat analysis with its placeholders filled in."""
        return chat_text(self.lang, *keys).format(**values)

    def n(self, count: int, *keys: str, **values: object) -> str:
        """Return a counting text in the form for ``count``, which fills ``{count}``."""
        return self.t(*keys, plural(count), count=count, **values)

    def _say(self, message: str, style: str = "", indent: int = 0) -> None:
        self.console.print(Padding(Text(message, style=style), (0, 0, 0, indent), expand=False))

    def _heading(self, title: str) -> None:
        self.console.print()
        self.console.print(f"[bold underline]{escape(title)}[/bold underline]")

    def _number(self, value: float) -> str:
        # Rounded first, so that a small negative estimate (-0.03) reads "0.0", not "-0.0";
        # adding 0.0 turns the -0.0 that rounding leaves into 0.0.
        return decimal(round(value, 1) + 0.0, self.lang)

    def render(self, analysis: ChatAnalysis, examples: Mapping[int, str]) -> None:
        """Print the whole report; ``examples`` are the evidence's texts, for the uploader only."""
        w, h = analysis.partners
        self._say(self.t("report", "title"), "bold")
        if analysis.period is not None:
            first, last = analysis.period
            self._say(
                self.t(
                    "report", "period", first=first.isoformat(), last=last.isoformat(), w=w, h=h
                ),
                "dim",
            )
        counts = self.t(
            "report",
            "counts",
            messages=sum(analysis.messages.values()),
            media=sum(analysis.media.values()),
        )
        self._say(f"{counts} {self.n(len(analysis.skipped), 'report', 'skipped')}", "dim")
        if analysis.truncated:
            self._say(self.n(analysis.truncated, "report", "truncated", limit=MAX_CHARS), "dim")
        if not analysis.timed:
            self._say(self.t("report", "no_times"))
        if analysis.safety.status is SafetyStatus.CONCERN:
            self._safety(analysis)
        self._trend(analysis)
        self._sequences(analysis)
        self._dance(analysis, examples)
        self._model(analysis)
        self.console.print()
        self._say(self.t("report", "both_voices"), "italic")
        self._say(self.t("report", "not_a_verdict"), "italic")

    def _safety(self, analysis: ChatAnalysis) -> None:
        parts: list[Text | Padding] = [
            Text(self.t("safety", "private"), style="dim"),
            Text(self.t("safety", "intro")),
        ]
        parts += [
            Padding(Text(self.t("safety", "reason", f.reason.value, count=f.count)), (0, 0, 0, 2))
            for f in analysis.safety.findings
        ]
        parts.append(Text(self.t("safety", "help"), style="bold"))
        lines = Report(self.console, self.lang, self._, {}).crisis_lines(analysis.safety.concerns)
        parts += [Padding(Text(line), (0, 0, 0, 2)) for line in lines]
        parts.append(Text(self.t("safety", "model_note")))
        self.console.print()
        self.console.print(
            Panel(Group(*parts), title=escape(self.t("safety", "title")), border_style="red")
        )

    def _cell(self, figures: WeekMeasures) -> str:
        return f"{figures.doors} / {figures.walls}"

    def _ratio(self, doors: int, walls: int) -> str:
        if walls == 0:
            return self.t("trend", "no_walls")
        return self.t("trend", "ratio", value=self._number(doors / walls))

    def _trend(self, analysis: ChatAnalysis) -> None:
        w, h = analysis.partners
        timed = analysis.timed
        self._heading(self.t("trend", "title" if timed else "title_no_times"))
        self._say(self.t("trend", "intro"))
        self._say(self.t("trend", "gottman"), "italic")
        # Without times there are no weeks: one row for the whole chat.
        rows = (
            [
                (week, analysis.measures[w][week], analysis.measures[h][week])
                for week in analysis.measures[w]
                if analysis.measures[w][week].messages or analysis.measures[h][week].messages
            ][-MAX_WEEKS:]
            if timed
            else [(self.t("trend", "whole_chat"), analysis.totals[w], analysis.totals[h])]
        )
        if not rows:
            self._say(self.t("trend", "no_weeks"))
            return
        table = Table(show_edge=False, pad_edge=False)
        table.add_column(self.t("trend", "week") if timed else "")
        table.add_column(self.t("trend", "doors_walls", name=w), justify="right")
        table.add_column(self.t("trend", "doors_walls", name=h), justify="right")
        table.add_column(self.t("trend", "together"), justify="right")
        for label, mine, theirs in rows:
            table.add_row(
                label,
                self._cell(mine),
                self._cell(theirs),
                self._ratio(mine.doors + theirs.doors, mine.walls + theirs.walls),
            )
        self.console.print(table)
        if timed:
            self._say(self.n(len(rows), "trend", "shown_weeks"), "dim")

    def _wait(self, minutes: float | None) -> str:
        if minutes is None:
            return self.t("sequences", "no_replies")
        if minutes < MINUTES_UNTIL:
            return self.t("sequences", "minutes", value=round(minutes))
        return self.t("sequences", "hours", value=self._number(minutes / 60))

    def _sequences(self, analysis: ChatAnalysis) -> None:
        w, h = analysis.partners
        counted = analysis.sequence_totals
        self._heading(self.t("sequences", "title"))
        for kind, key in (
            (SequenceKind.ESCALATION, "escalation"),
            (SequenceKind.REPAIR, "repair"),
        ):
            self._say(
                self.t(
                    "sequences",
                    key,
                    w=w,
                    h=h,
                    w_count=counted[w][kind.value],
                    h_count=counted[h][kind.value],
                )
            )
        mine, theirs = analysis.totals[w], analysis.totals[h]
        if analysis.timed:  # a wait for an answer and a reply time are read from time
            unanswered = SequenceKind.UNANSWERED_BID.value
            self._say(
                self.t(
                    "sequences",
                    "unanswered",
                    hours=round(BID_WAIT.total_seconds() / 3600),
                    w=w,
                    h=h,
                    w_count=counted[w][unanswered],
                    h_count=counted[h][unanswered],
                )
            )
            self._say(
                self.t(
                    "sequences",
                    "replies",
                    w=w,
                    h=h,
                    w_time=self._wait(mine.reply_minutes),
                    h_time=self._wait(theirs.reply_minutes),
                    cap=round(REPLY_CAP.total_seconds() / 3600),
                )
            )
        self._say(
            self.t("sequences", "runs", w=w, h=h, w_count=mine.long_runs, h_count=theirs.long_runs)
        )

    def _pattern_name(self, pattern: Pattern) -> str:
        return model_text(self.lang, "pattern", pattern.value, "name")

    def _dance(self, analysis: ChatAnalysis, examples: Mapping[int, str]) -> None:
        self._heading(self.t("dance", "title"))
        self._say(self.t("dance", "intro"))
        # Without times some patterns cannot be read at all: they are named apart.
        unread = [p for p in analysis.dance.patterns if not p.readable]
        patterns = [p for p in analysis.dance.patterns if p.readable]
        if all(m.strength is None for p in patterns for m in p.months):
            self._say(self.t("dance", "too_little" if analysis.timed else "too_little_no_times"))
        visible = [p for p in patterns if p.visible]
        for reading in visible:
            self._pattern(reading, examples)
        if not visible:
            self._say(self.t("dance", "none"))
        quiet = [self._pattern_name(p.pattern) for p in patterns if not p.visible]
        if quiet and visible:
            self._say(self.t("dance", "not_visible", patterns=", ".join(quiet)), "dim")
        if unread:
            names = ", ".join(self._pattern_name(p.pattern) for p in unread)
            self._say(self.t("dance", "not_read", patterns=names), "dim")
        self._say(self.t("dance", "freeze_note"), "dim")

    def _month(self, month: str | None) -> str:
        return self.t("dance", "whole_chat") if month is None else month

    def _pattern(self, reading: PatternReading, examples: Mapping[int, str]) -> None:
        months = [m for m in reading.months if m.visible]
        peak = max(m.strength or 0.0 for m in months)
        self.console.print()
        self._say(
            self.t(
                "dance",
                "visible",
                pattern=self._pattern_name(reading.pattern),
                months=", ".join(self._month(m.month) for m in months),
            )
            + f" ({self.t('dance', 'strength', value=self._number(peak))})",
            "bold",
        )
        if reading.pattern is Pattern.PURSUE_WITHDRAW:
            roles = dict.fromkeys((m.pursuing, m.withdrawing) for m in months)
            # Without times (no month) a withdrawing partner is not read as answering later.
            key = "roles" if all(m.month is not None for m in months) else "roles_no_times"
            for pursuer, withdrawer in roles:
                self._say(
                    self.t("dance", "pursue_withdraw", key, pursuer=pursuer, withdrawer=withdrawer),
                    indent=2,
                )
        else:
            self._say(self.t("dance", reading.pattern.value, "reading"), indent=2)
        self._say(model_text(self.lang, "pattern", reading.pattern.value, "helps"), indent=2)
        if reading.evidence:
            self._evidence(reading.evidence, examples)

    def _evidence(self, evidence: tuple[Evidence, ...], examples: Mapping[int, str]) -> None:
        self._say(self.t("dance", "evidence_title"), "dim", indent=2)
        by_signal: dict[Signal, list[Evidence]] = {}
        for item in evidence:
            by_signal.setdefault(item.signal, []).append(item)
        order = list(Signal)
        chosen = sorted(
            (item for items in by_signal.values() for item in spread(items, SHOWN_PER_SIGNAL)),
            key=lambda e: (order.index(e.signal), e.day or date.min, e.messages),
        )
        for item in chosen:
            values: dict[str, Any] = {"name": item.partner}
            if item.day is None:  # a chat without times: no dates, and no delays
                signal = self.t("dance", "signal", item.signal.value)
                line = self.t("dance", "evidence", "line_no_date", signal=signal, **values)
            elif item.signal is Signal.DELAYS and item.hours is not None:
                hours = self._number(item.hours)
                line = self.t(
                    "dance", "evidence", "delay", date=item.day.isoformat(), hours=hours, **values
                )
            else:
                signal = self.t("dance", "signal", item.signal.value)
                line = self.t(
                    "dance", "evidence", "line", date=item.day.isoformat(), signal=signal, **values
                )
            self._say(line, "dim", indent=4)
            for index in item.messages[:2]:
                text = printable(examples.get(index, "")).replace("\n", " / ")
                if text:
                    self._say(f"“{text}”", "italic", indent=6)
        if len(chosen) < len(evidence):
            self._say(self.t("dance", "more_evidence"), "dim", indent=4)

    def _model(self, analysis: ChatAnalysis) -> None:
        found = analysis.model.to_json()
        self._heading(self.t("model", "title"))
        if analysis.safety.status is SafetyStatus.CONCERN:
            self._say(self.t("safety", "model_note"), "bold")
        self._say(self.t("model", "intro"))
        if not analysis.timed:
            self._say(self.t("model", "one_conversation"))
        conversations = found["conversations"]
        used = len(conversations["used"])
        self._say(
            self.t(
                "model",
                "conversations",
                plural(used),
                total=conversations["total"],
                with_wall=conversations["with_wall"],
                used=used,
            )
        )
        partners = found["partners"]
        names = {role: partners[role]["sender"] for role in ("w", "h")}
        for role, other in (("w", "h"), ("h", "w")):
            self._partner_model(partners[role], names[other], found["settings"]["min_steps"])
        fitted = all(partners[role]["parameters"] is not None for role in ("w", "h"))
        if not fitted:
            self._say(self.t("model", "no_fit"))
        elif found["influenced_steady_states"]:
            for state in found["influenced_steady_states"]:
                self._say(
                    self.t(
                        "model",
                        "state",
                        w=names["w"],
                        h=names["h"],
                        w_value=self._value(state["w"]),
                        h_value=self._value(state["h"]),
                        stability=self.t("model", "stability", state["stability"]),
                    )
                )
        else:
            self._say(self.t("model", "no_state"))
        self._say(self.t("model", "caution"), "dim")

    def _value(self, value: float | None) -> str:
        return "–" if value is None else self._number(value)

    def _partner_model(self, part: Mapping[str, Any], other: str, min_steps: int) -> None:
        name = part["sender"]
        parameters = part["parameters"]
        if parameters is None:
            self._say(
                self.t(
                    "model",
                    "reason",
                    part["reason"],
                    name=name,
                    steps=part["steps"],
                    min_steps=min_steps,
                )
            )
            return
        state = part["uninfluenced_steady_state"]
        if state is None or state["value"] is None:
            self._say(self.t("model", "set_point_none", name=name))
        else:
            value = state["value"]
            direction = (
                "warm" if value > NEUTRAL_BAND else "sharp" if value < -NEUTRAL_BAND else "neutral"
            )
            self._say(
                self.t(
                    "model",
                    "set_point",
                    name=name,
                    value=self._number(value),
                    direction=self.t("model", direction),
                )
            )
        self._say(
            self.t(
                "model", "inertia", name=name, value=self._value(parameters["inertia"]["value"])
            ),
            indent=2,
        )
        self._say(
            self.t(
                "model",
                "influence",
                name=name,
                other=other,
                positive=self._value(parameters["influence_positive"]["value"]),
                negative=self._value(parameters["influence_negative"]["value"]),
            ),
            indent=2,
        )
        test = part["influence_test"] or {}
        p_value = test.get("p_value")
        clear = p_value is not None and p_value < P_CLEAR
        self._say(
            self.t("model", "influence_clear" if clear else "influence_unclear"), "dim", indent=2
        )
