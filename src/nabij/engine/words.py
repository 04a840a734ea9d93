"""The words of an assessment's evidence: signal and reason texts, and values in their units.

The terminal report and the web pages both say evidence this way, so a value reads the same
everywhere. Names come from the engine's data files; the few interface words (units) come
through the caller's gettext function ``_``, so this pure module reads no catalog itself.
"""

from collections.abc import Callable

from nabij.engine.evidence import Evidence, Reason, Signal
from nabij.model.ids import Lang
from nabij.model.texts import text

# Shares are a part of the check-in days (0–1), means a 0–10 rating, scores the 1–7 attachment
# scale, flags a plain yes from the intake; the rest count days or weeks.
_SHARES = frozenset(s for s in Signal if s.value.endswith("_share"))
_MEANS = frozenset(s for s in Signal if s.value.startswith("mean_")) | {
    Signal.FEAR_WHEN_APART,
    Signal.DISTRUST,
    Signal.FEAR_FOR_FUTURE,
}
_SCORES = frozenset({Signal.ANXIETY, Signal.AVOIDANCE})
_FLAGS = frozenset({Signal.CRISIS_INFIDELITY, Signal.CRISIS_ADDICTION, Signal.OLD_PAIN})
_DAYS = frozenset({Signal.DAYS_WITHOUT_CONNECTION, Signal.CHECKIN_SPAN_DAYS})


def engine_text(lang: Lang, *keys: str) -> str:
    """Return a text of the engine's data files (signal and reason words)."""
    return text("nabij.engine", lang, *keys)


def signal_name(signal: Signal, lang: Lang) -> str:
    """Return the neutral name of a signal, e.g. "days reaching out"."""
    return engine_text(lang, "signal", signal.value, "name")


def reason_text(reason: Reason, lang: Lang) -> str:
    """Return why the next step comes now, in words."""
    return engine_text(lang, "reason", reason.value, "text")


def decimal(value: float, lang: Lang) -> str:
    """Return a number with one decimal, written the way ``lang`` writes it.

    >>> decimal(6.54, Lang.NL), decimal(6.54, Lang.EN)
    ('6,5', '6.5')
    """
    written = f"{value:.1f}"
    return written.replace(".", ",") if lang is Lang.NL else written


def format_value(evidence: Evidence, lang: Lang, _: Callable[[str], str]) -> str:
    """Return an evidence value in the unit a person reads it in ("75%", "6,5 of 10")."""
    signal, value = evidence.signal, evidence.value
    if signal in _SHARES:
        return f"{value:.0%}"
    if signal in _MEANS:
        return _("{value} of 10").format(value=decimal(value, lang))
    if signal in _SCORES:
        return _("{value} of 7").format(value=decimal(value, lang))
    if signal in _FLAGS:
        return _("yes")
    if signal in _DAYS:
        return _("{count} days").format(count=int(value))
    return _("{count} weeks").format(count=int(value))
