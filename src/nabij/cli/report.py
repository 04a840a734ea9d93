"""The assessment as a readable report on the terminal."""

import tomllib
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from nabij.engine.assessment import Assessment
from nabij.engine.evidence import Evidence, Reason
from nabij.engine.words import decimal, engine_text, format_value
from nabij.model.ids import HelpCriterion, Lang, PartnerId, Pattern, SafetyConcern
from nabij.model.texts import model_text


@cache
def crisis_lines() -> Mapping[str, Any]:
    """Return the dated crisis-line data file."""
    with (files("nabij.model") / "data" / "crisis_lines.toml").open("rb") as handle:
        return tomllib.load(handle)


class Report:
    """Renders one assessment in one language; names come from the record."""

    def __init__(
        self, console: Console, lang: Lang, _: Callable[[str], str], names: Mapping[PartnerId, str]
    ) -> None:
        self.console = console
        self.lang = lang
        self._ = _
        self.names = names

    def name(self, partner: PartnerId) -> str:
        """Return how a partner is called in the report."""
        return self.names.get(partner) or self._("Partner {id}").format(id=partner.value.upper())

    def _evidence_line(self, evidence: Evidence) -> str:
        label = engine_text(self.lang, "signal", evidence.signal.value, "name")
        line = (
            f"{self.name(evidence.partner)} — {label}: {format_value(evidence, self.lang, self._)}"
        )
        if evidence.start is not None and evidence.end is not None:
            line += f" ({evidence.start.isoformat()} – {evidence.end.isoformat()})"
        return line

    def _heading(self, title: str) -> None:
        self.console.print()
        self.console.print(f"[bold underline]{escape(title)}[/bold underline]")

    def _say(self, message: str, style: str = "", indent: int = 0) -> None:
        self.console.print(Padding(Text(message, style=style), (0, 0, 0, indent), expand=False))

    def render(self, assessment: Assessment) -> None:
        """Print the whole report."""
        _ = self._
        self._say(_("nabij — how things are between you"), "bold")
        if assessment.window_end is not None:
            self._say(
                _("Based on the check-ins of the four weeks up to {date}.").format(
                    date=assessment.window_end.isoformat()
                ),
                "dim",
            )
        if assessment.safety.concern:
            self._safety(assessment)
        self._partners(assessment)
        self._patterns(assessment)
        self._criteria(assessment)
        self._next_step(assessment)
        self.console.print()
        self._say(model_text(self.lang, "general", "system"), "italic")

    def _safety(self, assessment: Assessment) -> None:
        _ = self._
        for partner, concerns in assessment.safety.concerns.items():
            parts: list[Text | Padding] = [
                Text(
                    _("For {name} only: this part is never shown to the other partner.").format(
                        name=self.name(partner)
                    ),
                    style="dim",
                ),
                Text(model_text(self.lang, "general", "safety_first")),
            ]
            parts += [
                Text(model_text(self.lang, "concern", c.value, "explanation")) for c in concerns
            ]
            parts.append(Text(_("Help is there, day and night:"), style="bold"))
            parts += [Padding(Text(line), (0, 0, 0, 2)) for line in self.crisis_lines(concerns)]
            self.console.print()
            self.console.print(
                Panel(Group(*parts), title=escape(_("Your safety first")), border_style="red")
            )

    def crisis_lines(self, concerns: tuple[SafetyConcern, ...]) -> list[str]:
        """Return the crisis lines that fit the concerns, as lines of text."""
        lang = self.lang.value
        wanted = {c.value for c in concerns}
        # Opening hours other than 24/7 are in each description, in words.
        return [
            f"{line['number']}  {line['name'][lang]} ({line['country']}"
            f"{', 24/7' if line['hours'] == '24/7' else ''}) — {line['description'][lang]}"
            for line in crisis_lines()["line"]
            if wanted & set(line["concerns"])
        ]

    def _partners(self, assessment: Assessment) -> None:
        _ = self._
        self._heading(_("Each of you, under stress right now"))
        for summary in assessment.partners:
            orientation = model_text(self.lang, "orientation", summary.orientation.value, "name")
            self._say(
                _(
                    "{name}: {orientation} (anxiety {anxiety}, avoidance {avoidance}, on 1–7)"
                ).format(
                    name=self.name(summary.partner),
                    orientation=orientation,
                    anxiety=decimal(summary.anxiety, self.lang),
                    avoidance=decimal(summary.avoidance, self.lang),
                ),
                "bold",
            )
            explanation = model_text(
                self.lang, "orientation", summary.orientation.value, "explanation"
            )
            self._say(explanation, indent=2)
            if summary.reactions:
                names = ", ".join(
                    model_text(self.lang, "reaction", r.value, "name") for r in summary.reactions
                )
                self._say(
                    _("What the crisis sets off now: {reactions}").format(reactions=names), indent=2
                )
        self._say(model_text(self.lang, "general", "not_a_test"), "dim")

    def _patterns(self, assessment: Assessment) -> None:
        _ = self._
        self._heading(_("Patterns between you"))
        if assessment.safety.concern:
            self._say(model_text(self.lang, "general", "safety_patterns"), "bold")
        present = [p for p in assessment.patterns if p.present]
        for result in present:
            key = result.pattern.value
            self._say(
                _("{pattern} — visible (confidence {confidence:.0%})").format(
                    pattern=model_text(self.lang, "pattern", key, "name"),
                    confidence=result.confidence,
                ),
                "bold",
            )
            for part in ("explanation", "inside", "helps"):
                self._say(model_text(self.lang, "pattern", key, part), indent=2)
            self._say(_("What this rests on:"), "dim", indent=2)
            for evidence in result.evidence:
                self._say(self._evidence_line(evidence), "dim", indent=4)
        unknown = set(assessment.unknown_without_partner)
        quiet = [p for p in assessment.patterns if not p.present and p.pattern not in unknown]
        if not present:
            self._say(_("No pattern stands out in these weeks."))
        if quiet:
            names = ", ".join(
                model_text(self.lang, "pattern", p.pattern.value, "name") for p in quiet
            )
            self._say(_("Not visible now: {patterns}").format(patterns=names), "dim")
        if unknown:
            self._say(model_text(self.lang, "general", "unknown_without_partner"))
            names = ", ".join(
                model_text(self.lang, _kind(i), i.value, "name")
                for i in assessment.unknown_without_partner
            )
            self._say(_("Cannot be known yet: {items}").format(items=names), "dim", indent=2)
        self._say(model_text(self.lang, "general", "not_a_verdict"), "italic")

    def _criteria(self, assessment: Assessment) -> None:
        _ = self._
        self._heading(_("When help from a professional makes sense"))
        met = [c for c in assessment.criteria if c.met]
        if not met:
            self._say(_("None of the signs that call for professional help shows right now."))
            return
        self._say(model_text(self.lang, "general", "help_intro"))
        for result in met:
            key = result.criterion.value
            self._say("• " + model_text(self.lang, "criterion", key, "name"), "bold")
            self._say(model_text(self.lang, "criterion", key, "explanation"), indent=2)
            for evidence in result.evidence:
                self._say(self._evidence_line(evidence), "dim", indent=4)

    def _next_step(self, assessment: Assessment) -> None:
        _ = self._
        step = assessment.next_step
        self._heading(_("Your next step"))
        self._say(model_text(self.lang, "step", step.step.value, "name"), "bold")
        self._say(engine_text(self.lang, "reason", step.reason.value, "text"))
        # The safety path has no couples practice: the panel above holds what helps.
        if step.reason is not Reason.SAFETY_CONCERN:
            self._say(model_text(self.lang, "step", step.step.value, "practice"))


def _kind(item: Pattern | HelpCriterion) -> str:
    """Return the data-file table of a pattern or criterion id."""
    return "pattern" if isinstance(item, Pattern) else "criterion"
