"""How the pages say an assessment in words: who, what was measured, how much, and when.

The names come from the model's and engine's data files and the units from
``nabij.engine.words`` (the terminal report uses the same), so the web and the CLI say one
value the same way. People are "you" and "your partner": the page speaks to one of them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from nabij.engine.evidence import Evidence, Reason
from nabij.engine.words import decimal, format_value, reason_text, signal_name
from nabij.model.ids import HelpCriterion, Lang, PartnerId, Pattern
from nabij.model.texts import model_text
from nabij.web.charts import day_label


@dataclass(frozen=True)
class AssessmentWords:
    """The words one viewer's pages use for their assessment, in their language."""

    lang: Lang
    _: Callable[[str], str]
    viewer: PartnerId

    def model(self, *keys: str) -> str:
        """Return a text of the crisis model, e.g. ``model("step", "attune", "name")``."""
        return model_text(self.lang, *keys)

    def names(self, table: str, ids: Iterable[StrEnum]) -> str:
        """Return the names of several model items, e.g. reactions, as one list in words."""
        return ", ".join(model_text(self.lang, table, item.value, "name") for item in ids)

    def who(self, partner: PartnerId) -> str:
        """Return "You" for the viewer and "Your partner" for the other."""
        return self._("You") if partner is self.viewer else self._("Your partner")

    def day(self, day: date) -> str:
        """Return a date the way the chart axes write it ("3 nov" in Dutch)."""
        return day_label(day, self.lang.value)

    def score(self, value: float) -> str:
        """Return an attachment score on its 1–7 scale ("4,5 of 7" in Dutch)."""
        return self._("{value} of 7").format(value=decimal(value, self.lang))

    def reason(self, reason: Reason) -> str:
        """Return why the next step comes now."""
        return reason_text(reason, self.lang)

    def item(self, item: Pattern | HelpCriterion) -> str:
        """Return the name of a pattern or help criterion (what cannot be known alone)."""
        table = "pattern" if isinstance(item, Pattern) else "criterion"
        return model_text(self.lang, table, item.value, "name")

    def evidence(self, evidence: Evidence) -> str:
        """Return one piece of evidence as one line of words, with its dates when it has them.

        The partner's name never appears: the line is for one viewer, who is "you".
        """
        what = signal_name(evidence.signal, self.lang)
        value = format_value(evidence, self.lang, self._)
        line = f"{self.who(evidence.partner)} — {what}: {value}"
        if evidence.start is not None and evidence.end is not None:
            line += f" ({self.day(evidence.start)} – {self.day(evidence.end)})"
        return line
