"""The intake and the daily check-in as questions on the terminal, in nl or en."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from rich.console import Console
from rich.markup import escape

from nabij.cli.errors import InputEndedError
from nabij.instruments.attachment import ANSWER_MAX, ANSWER_MIN, items
from nabij.instruments.checkin import FLAGS, RATINGS
from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.model.ids import ConflictTopic, CrisisKind, Lang, Reaction, Wants
from nabij.model.texts import load_texts, model_text, text

_YES = {"j", "ja", "y", "yes"}
_NO = {"n", "nee", "no"}


def question(lang: Lang, *keys: str) -> str:
    """Return a questionnaire text from the instruments' data files."""
    return text("nabij.instruments", lang, *keys)


class Asker:
    """Asks one question at a time and asks again, kindly, until the answer can be used."""

    def __init__(
        self, console: Console, read_line: Callable[[], str], lang: Lang, _: Callable[[str], str]
    ) -> None:
        self.console = console
        self.read_line = read_line
        self.lang = lang
        self._ = _

    def say(self, message: str) -> None:
        """Show a line of text."""
        self.console.print(escape(message), highlight=False)

    def _answer(self, prompt: str, hint: str = "") -> str:
        """Show the question on its own line and read the answer after a short prompt."""
        if prompt:
            self.console.print(f"[bold]{escape(prompt)}[/bold]", highlight=False)
        self.console.print(f"{escape(hint)} › " if hint else "› ", end="", highlight=False)
        line = self.read_line()
        if line == "":  # end of input, not an empty answer (that is "\n")
            self.console.print()
            raise InputEndedError(
                self._("Input ended before every question was answered; nothing was saved.")
            )
        return line.strip()

    def _retry(self, hint: str) -> None:
        self.console.print(f"[yellow]{escape(hint)}[/yellow]", highlight=False)

    def number(self, prompt: str, low: int, high: int) -> int:
        """Ask for a whole number from ``low`` to ``high``."""
        while True:
            answer = self._answer(prompt, f"{low}–{high}")
            if answer.lstrip("-").isdigit() and low <= int(answer) <= high:
                return int(answer)
            self._retry(
                self._("Please answer with a whole number from {low} to {high}.").format(
                    low=low, high=high
                )
            )

    def yes_no(self, prompt: str) -> bool:
        """Ask a yes/no question."""
        while True:
            # I18N: the letters for yes and no; j/ja and y/yes are both understood.
            hint = self._("y/n")
            answer = self._answer(prompt, hint).lower()
            if answer in _YES:
                return True
            if answer in _NO:
                return False
            self._retry(self._("Please answer y (yes) or n (no)."))

    def choice(self, prompt: str, options: Sequence[tuple[str, str]]) -> str:
        """Ask for one of ``options`` (id, label) by its number."""
        self.console.print(f"[bold]{escape(prompt)}[/bold]", highlight=False)
        for index, (_id, label) in enumerate(options, 1):
            self.say(f"  {index}. {label}")
        while True:
            answer = self._answer("", self._("Number"))
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1][0]
            self._retry(self._("Please choose a number from the list."))

    def choices(self, prompt: str, options: Sequence[tuple[str, str]]) -> list[str]:
        """Ask for one or more of ``options`` by their numbers, separated by commas."""
        self.console.print(f"[bold]{escape(prompt)}[/bold]", highlight=False)
        for index, (_id, label) in enumerate(options, 1):
            self.say(f"  {index}. {label}")
        while True:
            parts = [p.strip() for p in self._answer("", self._("Numbers, e.g. 1,3")).split(",")]
            if parts and all(p.isdigit() and 1 <= int(p) <= len(options) for p in parts):
                picked = [options[int(p) - 1][0] for p in parts]
                return list(dict.fromkeys(picked))
            self._retry(
                self._("Please choose one or more numbers from the list, separated by commas.")
            )

    def day(self, prompt: str, latest: date) -> date:
        """Ask for a date no later than ``latest``."""
        while True:
            answer = self._answer(prompt, self._("YYYY-MM-DD"))
            try:
                chosen = date.fromisoformat(answer)
            except ValueError:
                chosen = None
            if chosen is not None and len(answer) == 10 and chosen <= latest:
                return chosen
            self._retry(self._("Please give a date that has passed, written as YYYY-MM-DD."))

    def free_text(self, prompt: str) -> str:
        """Ask for optional text; an empty answer is fine."""
        return self._answer(prompt)


def ask_safety_screen(ask: Asker, intro_key: str) -> dict[str, bool]:
    """Ask the five safety questions (private to the person who answers)."""
    ask.say(question(ask.lang, "intake", intro_key))
    return {
        key: ask.yes_no(question(ask.lang, "intake", "safety", key)) for key in SAFETY_QUESTIONS
    }


def ask_intake(ask: Asker, today: date) -> dict[str, Any]:
    """Ask the whole intake and return it as the record's JSON object."""
    lang = ask.lang
    ask.say(question(lang, "intake", "intro"))
    crisis = ask.choices(
        question(lang, "intake", "crisis"),
        [(k.value, model_text(lang, "crisis", k.value, "name")) for k in CrisisKind],
    )
    began = ask.day(question(lang, "intake", "crisis_began"), latest=today)
    ask.say(question(lang, "intake", "reactions_intro"))
    reactions = {
        r.value: ask.number(question(lang, "intake", "reactions", r.value), 0, 10) for r in Reaction
    }
    ask.say(question(lang, "attachment", "intro"))
    ask.say(
        ask._("1 = {low} … 7 = {high}").format(
            low=_scale_label(lang, 0), high=_scale_label(lang, -1)
        )
    )
    attachment = {
        item.id: ask.number(question(lang, "attachment", "items", item.id), ANSWER_MIN, ANSWER_MAX)
        for item in items()
    }
    ask.say(question(lang, "scale", "zero_ten"))
    ratings = {
        key: ask.number(question(lang, "intake", key), 0, 10)
        for key in ("distrust", "fear_for_future", "fear_when_apart")
    }
    old_pain = ask.yes_no(question(lang, "intake", "old_pain"))
    screen = ask_safety_screen(ask, "safety_intro")
    return {
        "crisis": crisis,
        "crisis_began": began.isoformat(),
        "reactions": reactions,
        "attachment": attachment,
        **ratings,
        "old_pain": old_pain,
        "safety_screen": screen,
    }


def _scale_label(lang: Lang, index: int) -> str:
    labels: list[str] = load_texts("nabij.instruments", lang)["attachment"]["scale"]
    return labels[index]


def ask_checkin(ask: Asker, day: date) -> dict[str, Any]:
    """Ask the daily check-in for ``day`` and return it as the record's JSON object."""
    lang = ask.lang
    ask.say(question(lang, "checkin", "intro"))
    ask.say(question(lang, "scale", "zero_ten"))
    answers: dict[str, Any] = {"date": day.isoformat()}
    for key in RATINGS:
        answers[key] = ask.number(question(lang, "checkin", key), 0, 10)
    answers["wants"] = ask.choice(
        question(lang, "checkin", "wants"),
        [(w.value, model_text(lang, "wants", w.value, "name")) for w in Wants],
    )
    for key in FLAGS:
        answers[key] = ask.yes_no(question(lang, "checkin", key))
    answers["conflict_topic"] = (
        ask.choice(
            question(lang, "checkin", "conflict_topic"),
            [(t.value, model_text(lang, "topic", t.value, "name")) for t in ConflictTopic],
        )
        if answers["conflict"]
        else None
    )
    rituals = ask.free_text(question(lang, "checkin", "rituals"))
    answers["rituals"] = [r.strip() for r in rituals.split(",") if r.strip()]
    note = ask.free_text(question(lang, "checkin", "note"))
    if note:
        answers["note"] = note
    return answers
