"""Write the example couple records in this folder (format ``nabij.couple/1``).

Why this script exists: nabij needs couple records that read like real weeks of real couples
for its documentation, its demos and its tests. Written by hand such records are either too
short or too regular to be believable; drawn at random they change on every run. So each
example here is a *story* — an intake per partner and how each of them tends to feel and act,
stretch by stretch — and a seeded ``random.Random`` turns it into daily check-ins with missed
days, moods that drift, and yes/no answers that come and go as they do in a real diary.
``examples/expected.json`` says what a couples therapist would see in each story, and
``tests/test_examples.py`` checks that the engine sees the same, and that running this script
again reproduces the files byte for byte.

All names, notes and events are invented persona content.

Usage: ``python examples/make_examples.py`` (writes ``examples/<name>.json``).
"""

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from nabij.instruments.record import dump_record, record_from_json

FORMAT = "nabij.couple/1"

# How a shared event shows in one partner's check-in: most days both notice a fight or a warm
# moment, now and then one of them does not, or counts something the other would not.
NOTICE_CONFLICT = 0.93
IMAGINED_CONFLICT = 0.03
NOTICE_CONNECTION = 0.9
IMAGINED_CONNECTION = 0.04
NOTICE_TALK = 0.95
IMAGINED_TALK = 0.02
NOTICE_RITUAL = 0.9
# A mood that wants closeness or space tends to last: the chance to want today what one
# wanted yesterday, before drawing afresh.
WANTS_STICK = 0.35
# A missed check-in makes the next one a little more likely to be missed too (a busy spell).
SKIP_AGAIN = 0.3


@dataclass(frozen=True)
class Mood:
    """How one partner tends to feel and act on a day, in one stretch of the story.

    Ratings are the 0–10 level the day's answer wanders around; the other fields are the
    chance, per day, to reach out, to pull back, and to want closeness or space.
    """

    closeness: float
    safety: float
    stress: float
    teamwork: float
    own_space: float
    reach_out: float
    pull_back: float
    closer: float
    space: float


@dataclass(frozen=True)
class Climate:
    """What tends to happen between the two on a day: the chance of each shared event."""

    conflict: float
    connection: float
    talked: float
    ritual: float


@dataclass(frozen=True)
class Person:
    """One partner: intake, moods over the story, notes on given days, and their habits."""

    id: str
    name: str
    intake: dict[str, Any]
    moods: tuple[tuple[int, Mood], ...]
    notes: tuple[tuple[int, str], ...] = ()
    joined: int = 0
    skip: float = 0.13


@dataclass(frozen=True)
class Story:
    """One example couple: who they are, when their check-ins start, and how days go."""

    name: str
    seed: int
    start: date
    days: int
    people: tuple[Person, ...]
    climate: tuple[tuple[int, Climate], ...]
    topics: tuple[tuple[str, float], ...]
    rituals: tuple[str, ...]


T = TypeVar("T", Mood, Climate)


def _at(frames: Sequence[tuple[int, T]], day: int) -> T:
    """Return the mood or climate on ``day``, moving linearly between the story's stretches."""
    if day <= frames[0][0]:
        return frames[0][1]
    for (day0, a), (day1, b) in itertools.pairwise(frames):
        if day0 <= day <= day1:
            share = (day - day0) / (day1 - day0)
            values = {
                f.name: getattr(a, f.name) + (getattr(b, f.name) - getattr(a, f.name)) * share
                for f in fields(a)
            }
            return type(a)(**values)
    return frames[-1][1]


def _pick(rng: random.Random, weights: Sequence[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weights], [w[1] for w in weights])[0]


def _rating(value: float) -> int:
    return max(0, min(10, round(value)))


def screen(**raised: bool) -> dict[str, bool]:
    """Return safety-screen answers: every question "no" unless raised here."""
    answers = dict.fromkeys(
        ("hurt", "threatened", "afraid_of_partner", "controlled", "self_harm_thoughts"), False
    )
    answers.update(raised)
    return answers


def items(anx: tuple[int, ...], avo: tuple[int, ...]) -> dict[str, int]:
    """Return answers to the 14 attachment questions, as the person ticked them (1–7).

    Reverse-keyed questions (anx2, anx5, anx7, avo2, avo5, avo7) are given as answered, not
    reversed: a secure answer to "I feel sure of my place with my partner" is a high one.
    """
    assert len(anx) == 7
    assert len(avo) == 7
    answers = {f"anx{i}": a for i, a in enumerate(anx, start=1)}
    answers |= {f"avo{i}": a for i, a in enumerate(avo, start=1)}
    return answers


def intake(
    crisis: Sequence[str],
    began: str,
    reactions: tuple[int, int, int, int],
    attachment: dict[str, Any],
    distrust: int,
    fear_for_future: int,
    fear_when_apart: int,
    old_pain: bool = False,
    safety: dict[str, bool] | None = None,
) -> dict[str, Any]:
    """Return an intake object; ``reactions`` in the order of the reaction ids."""
    names = (
        "stress_response",
        "attachment_activation",
        "loss_of_predictability",
        "identity_stress",
    )
    return {
        "crisis": list(crisis),
        "crisis_began": began,
        "reactions": dict(zip(names, reactions, strict=True)),
        "attachment": attachment,
        "distrust": distrust,
        "fear_for_future": fear_for_future,
        "fear_when_apart": fear_when_apart,
        "old_pain": old_pain,
        "safety_screen": safety if safety is not None else screen(),
    }


@dataclass(frozen=True)
class _Day:
    """What happened between the two on one day."""

    conflict: bool
    topic: str | None
    connection: bool
    talked: bool
    rituals: tuple[str, ...]


def _couple_day(rng: random.Random, story: Story, day: int, weekend: bool) -> _Day:
    climate = _at(story.climate, day)
    conflict = rng.random() < climate.conflict
    topic = _pick(rng, story.topics) if conflict else None
    # Weekends leave a little more room for a good moment together.
    connection = rng.random() < min(1.0, climate.connection * (1.25 if weekend else 0.9))
    talked = rng.random() < climate.talked
    rituals: tuple[str, ...] = ()
    if story.rituals and rng.random() < climate.ritual:
        count = 2 if rng.random() < 0.25 else 1
        rituals = tuple(rng.sample(story.rituals, min(count, len(story.rituals))))
    return _Day(conflict, topic, connection, talked, rituals)


class _Diary:
    """One partner's running state: moods that drift, yesterday's wish, missed days."""

    RATINGS = ("closeness", "safety", "stress", "teamwork", "own_space")

    def __init__(self, person: Person) -> None:
        self.person = person
        self.drift = dict.fromkeys(self.RATINGS, 0.0)
        self.wants: str | None = None
        self.skipped = False
        self.notes = list(person.notes)

    def present(self, rng: random.Random, day: int) -> bool:
        if day < self.person.joined:
            return False
        chance = SKIP_AGAIN if self.skipped else self.person.skip
        self.skipped = rng.random() < chance
        return not self.skipped

    def checkin(
        self, rng: random.Random, day: int, on: date, shared: _Day, story: Story
    ) -> dict[str, Any]:
        mood = _at(self.person.moods, day)
        weekend = on.weekday() >= 5
        conflict = (
            rng.random() < NOTICE_CONFLICT if shared.conflict else rng.random() < IMAGINED_CONFLICT
        )
        connection = (
            rng.random() < NOTICE_CONNECTION
            if shared.connection
            else rng.random() < IMAGINED_CONNECTION
        )
        talked = rng.random() < NOTICE_TALK if shared.talked else rng.random() < IMAGINED_TALK
        topic = shared.topic
        if conflict and topic is None:
            topic = _pick(rng, story.topics)
        rituals = list(shared.rituals) if shared.rituals and rng.random() < NOTICE_RITUAL else []

        effect = dict.fromkeys(self.RATINGS, 0.0)
        if conflict:
            effect |= {"closeness": -1.5, "safety": -1.2, "stress": 1.0, "teamwork": -0.8}
        if connection:
            for key, change in (("closeness", 1.3), ("safety", 0.5), ("stress", -0.4)):
                effect[key] += change
            effect["teamwork"] += 0.4
        if weekend:
            effect["stress"] -= 0.6
            effect["own_space"] += 0.5
        ratings: dict[str, int] = {}
        for key in self.RATINGS:
            self.drift[key] = 0.75 * self.drift[key] + rng.gauss(0.0, 0.55)
            level = float(getattr(mood, key))
            ratings[key] = _rating(level + self.drift[key] + rng.gauss(0.0, 0.7) + effect[key])

        if self.wants is None or rng.random() >= WANTS_STICK:
            draw = rng.random()
            if draw < mood.closer:
                self.wants = "closer"
            elif draw < mood.closer + mood.space:
                self.wants = "space"
            else:
                self.wants = "neither"

        out: dict[str, Any] = {"date": on.isoformat(), **ratings}
        out |= {
            "wants": self.wants,
            "reached_out": rng.random() < mood.reach_out,
            "pulled_back": rng.random() < mood.pull_back,
            "conflict": conflict,
            "connection": connection,
            "talked_about_it": talked,
            "conflict_topic": topic if conflict else None,
            "rituals": rituals,
        }
        if self.notes and self.notes[0][0] <= day:
            out["note"] = self.notes.pop(0)[1]
        return out


def build(story: Story) -> dict[str, Any]:
    """Return the couple record JSON of one story; the same story always gives the same record."""
    rng = random.Random(story.seed)
    diaries = [_Diary(person) for person in story.people]
    checkins: dict[str, list[dict[str, Any]]] = {p.id: [] for p in story.people}
    for day in range(story.days):
        on = story.start + timedelta(days=day)
        shared = _couple_day(rng, story, day, on.weekday() >= 5)
        for diary in diaries:
            if diary.present(rng, day):
                checkins[diary.person.id].append(diary.checkin(rng, day, on, shared, story))
    return {
        "format": FORMAT,
        "partners": [
            {"id": p.id, "name": p.name, "intake": p.intake, "checkins": checkins[p.id]}
            for p in story.people
        ],
    }


# --- the stories -----------------------------------------------------------------------------


def _pursue_withdraw() -> Story:
    """Sanne found out about Mark's affair; she seeks him, he goes quiet out of shame."""
    sanne = Person(
        "a",
        "Sanne",
        intake(
            ["infidelity"],
            "2025-08-10",
            (8, 9, 7, 6),
            items((6, 2, 6, 7, 2, 6, 3), (2, 6, 2, 3, 5, 2, 6)),
            distrust=8,
            fear_for_future=7,
            fear_when_apart=6,
        ),
        ((0, Mood(3.5, 5.2, 7.0, 4.0, 5.0, 0.68, 0.1, 0.7, 0.06)),),
        (
            (1, "Ik wil het gewoon begrijpen. Waarom zij, waarom toen?"),
            (9, "Hij zegt dat hij moe is. Ik hoor: laat me met rust."),
            (17, "Vanavond even samen op de bank, zonder telefoon. Dat deed goed."),
            (26, "Ik check zijn telefoon niet meer, maar ik denk er wel elke dag aan."),
            (38, "Ik merk dat ik steeds achter hem aan loop. Dat wil ik eigenlijk niet."),
            (45, "Hij ging weer naar boven toen ik erover begon."),
        ),
    )
    mark = Person(
        "b",
        "Mark",
        intake(
            ["infidelity"],
            "2025-08-10",
            (7, 6, 6, 8),
            {"anxiety": 3.1, "avoidance": 5.3},
            distrust=2,
            fear_for_future=6,
            fear_when_apart=3,
        ),
        ((0, Mood(4.5, 5.8, 6.0, 4.5, 3.5, 0.15, 0.6, 0.1, 0.6)),),
        (
            (4, "Elke avond dezelfde vragen. Ik weet niet wat ik nog moet zeggen."),
            (15, "Ik schaam me. Dan klap ik dicht, dat weet ik."),
            (29, "Lang gefietst. Even niks hoeven."),
            (41, "Ze vroeg of ik nog van haar hou. Ik zei ja, maar het klonk vlak."),
        ),
        joined=2,
    )
    return Story(
        "pursue_withdraw",
        1101,
        date(2025, 9, 22),
        49,
        (sanne, mark),
        ((0, Climate(conflict=0.22, connection=0.2, talked=0.3, ritual=0.1)),),
        (("trust", 0.5), ("the_crisis", 0.3), ("household", 0.1), ("intimacy", 0.1)),
        ("samen ontbijten", "avondwandeling", "5 minuten check-in"),
    )


def _emotional_freeze() -> Story:
    """Noor and Daan's son is in treatment for leukaemia; they run on logistics."""
    noor = Person(
        "a",
        "Noor",
        intake(
            ["illness"],
            "2025-09-15",
            (9, 4, 9, 5),
            items((4, 5, 3, 3, 5, 3, 6), (4, 5, 3, 4, 5, 3, 6)),
            distrust=1,
            fear_for_future=4,
            fear_when_apart=3,
        ),
        ((0, Mood(4.0, 6.0, 7.8, 6.8, 2.0, 0.2, 0.18, 0.25, 0.12)),),
        (
            (3, "Drie keer naar het ziekenhuis deze week. Daan regelt de school, ik de afspraken."),
            (12, "We zijn een goed team. Maar ik weet niet meer wanneer we echt praatten."),
            (24, "Bloedwaarden iets beter. Even opgelucht, daarna weer door."),
            (36, "Hij sliep al toen ik thuiskwam. Briefje op tafel: 'eten staat in de oven'."),
        ),
    )
    daan = Person(
        "b",
        "Daan",
        intake(
            ["illness"],
            "2025-09-15",
            (8, 3, 8, 4),
            {"anxiety": 2.6, "avoidance": 4.4},
            distrust=1,
            fear_for_future=3,
            fear_when_apart=2,
        ),
        ((0, Mood(4.0, 6.2, 7.2, 7.0, 2.5, 0.15, 0.25, 0.18, 0.2)),),
        (
            (6, "Werk gebeld dat ik minder uren draai. Dat scheelt."),
            (19, "Ik functioneer. Voelen komt later wel."),
            (33, "Noor huilde in de auto. Ik wist niks te zeggen en reed gewoon door."),
        ),
        skip=0.15,
    )
    return Story(
        "emotional_freeze",
        1202,
        date(2025, 10, 20),
        42,
        (noor, daan),
        ((0, Climate(conflict=0.07, connection=0.08, talked=0.1, ritual=0.05)),),
        (("household", 0.4), ("children", 0.3), ("work", 0.3)),
        ("samen ontbijten", "hand op de rug"),
    )


def _over_connection() -> Story:
    """Fleur and Jesse lost their baby at nineteen weeks; they barely let each other go."""
    fleur = Person(
        "a",
        "Fleur",
        intake(
            ["loss"],
            "2025-06-03",
            (7, 9, 6, 7),
            items((7, 3, 6, 6, 2, 7, 3), (1, 7, 2, 2, 6, 1, 7)),
            distrust=1,
            fear_for_future=4,
            fear_when_apart=8,
            old_pain=True,
        ),
        ((0, Mood(7.0, 6.5, 5.5, 6.5, 2.2, 0.65, 0.06, 0.72, 0.04)),),
        (
            (2, "Als Jesse naar zijn werk gaat, voelt het huis te stil."),
            (11, "Ik app hem tussen de middag steeds. Hij vindt het niet erg, zegt hij."),
            (20, "Net als toen met papa: ik ben bang dat er nog iemand verdwijnt."),
            (31, "Afgezegd bij mijn vriendinnen. Liever thuis bij hem."),
            (44, "Samen naar haar plekje geweest. Hand in hand, lang stil."),
        ),
    )
    jesse = Person(
        "b",
        "Jesse",
        intake(
            ["loss"],
            "2025-06-03",
            (6, 7, 6, 5),
            {"anxiety": 4.6, "avoidance": 2.1},
            distrust=1,
            fear_for_future=3,
            fear_when_apart=6,
        ),
        ((0, Mood(6.8, 7.0, 5.0, 7.0, 2.8, 0.55, 0.1, 0.68, 0.06)),),
        (
            (5, "Voetbal laten schieten. Ik wil haar niet alleen laten."),
            (16, "We doen alles samen. Dat is fijn, maar soms krijg ik geen lucht."),
            (35, "Ik werk nu vaker thuis. Dan weet ik dat het goed met haar gaat."),
        ),
        joined=1,
    )
    return Story(
        "over_connection",
        1303,
        date(2025, 7, 14),
        49,
        (fleur, jesse),
        ((0, Climate(conflict=0.06, connection=0.6, talked=0.4, ritual=0.45)),),
        (("family", 0.4), ("the_crisis", 0.3), ("other", 0.3)),
        ("avondwandeling", "samen ontbijten", "hand op de rug", "kaarsje aansteken"),
    )


def _parallel_lives() -> Story:
    """Lotte and Bram got through his job loss months ago; now life runs side by side."""
    lotte = Person(
        "a",
        "Lotte",
        intake(
            ["financial_stress", "loss"],
            "2025-02-17",
            (3, 4, 3, 5),
            {"anxiety": 2.9, "avoidance": 4.6},
            distrust=3,
            fear_for_future=5,
            fear_when_apart=2,
        ),
        ((0, Mood(4.2, 6.8, 3.2, 5.5, 7.0, 0.15, 0.15, 0.18, 0.12)),),
        (
            (4, "Rustige week. Hij zijn serie, ik mijn boek."),
            (18, "Eigenlijk hebben we het nooit meer over dat voorjaar gehad."),
            (30, "Het is niet slecht tussen ons. Het is gewoon... stil."),
        ),
    )
    bram = Person(
        "b",
        "Bram",
        intake(
            ["financial_stress", "loss"],
            "2025-02-17",
            (3, 2, 3, 4),
            items((2, 5, 2, 2, 6, 3, 6), (5, 3, 5, 6, 3, 5, 4)),
            distrust=2,
            fear_for_future=3,
            fear_when_apart=2,
        ),
        ((0, Mood(4.5, 7.0, 3.0, 5.8, 7.5, 0.1, 0.2, 0.1, 0.18)),),
        (
            (9, "Nieuwe baan bevalt goed. Thuis is het rustig."),
            (26, "Sporten, werken, slapen. Het loopt."),
        ),
        joined=3,
        skip=0.16,
    )
    return Story(
        "parallel_lives",
        1404,
        date(2025, 10, 6),
        42,
        (lotte, bram),
        ((0, Climate(conflict=0.05, connection=0.08, talked=0.04, ritual=0.12)),),
        (("household", 0.6), ("money", 0.2), ("other", 0.2)),
        ("samen eten", "zondag boodschappen"),
    )


def _mixed() -> Story:
    """Joris's gambling debts came out; Anouk pushes, he shuts down, money fights recur."""
    anouk = Person(
        "a",
        "Anouk",
        intake(
            ["addiction", "financial_stress"],
            "2025-09-01",
            (8, 8, 8, 6),
            items((6, 2, 6, 6, 2, 7, 2), (3, 5, 2, 3, 4, 2, 5)),
            distrust=8,
            fear_for_future=7,
            fear_when_apart=4,
        ),
        ((0, Mood(3.0, 4.9, 7.5, 3.5, 4.5, 0.7, 0.15, 0.62, 0.12)),),
        (
            (3, "Weer een afschrijving die ik niet ken. Hij zegt dat het klopt."),
            (10, "Ik wil dat hij naar die groep gaat. Hij zegt 'ja, straks'."),
            (22, "De kinderen merken het. Emma vroeg waarom papa zo stil is."),
            (33, "Samen de bankapp doorgenomen zonder ruzie. Klein wonder."),
            (47, "Ik voel me zijn bewaker in plaats van zijn vrouw."),
        ),
    )
    joris = Person(
        "b",
        "Joris",
        intake(
            ["addiction", "financial_stress"],
            "2025-09-01",
            (7, 5, 7, 9),
            {"anxiety": 3.9, "avoidance": 5.7},
            distrust=3,
            fear_for_future=6,
            fear_when_apart=3,
        ),
        ((0, Mood(2.8, 5.5, 6.5, 3.5, 5.0, 0.12, 0.62, 0.1, 0.58)),),
        (
            (7, "Elke keer als het over geld gaat, zie ik alleen wat ik kapot heb gemaakt."),
            (18, "Twee weken niet gespeeld. Niemand die het ziet."),
            (30, "Ik zeg maar niks meer, dan wordt het tenminste geen ruzie."),
            (50, "Eerste keer naar de groep geweest. Zei bijna niks."),
        ),
        joined=4,
        skip=0.17,
    )
    return Story(
        "mixed",
        1505,
        date(2025, 10, 13),
        56,
        (anouk, joris),
        ((0, Climate(conflict=0.38, connection=0.12, talked=0.22, ritual=0.05)),),
        (("money", 0.65), ("trust", 0.2), ("household", 0.1), ("children", 0.05)),
        ("5 minuten check-in", "samen ontbijten"),
    )


def _safety_concern() -> Story:
    """Maaike is afraid of Rob and feels controlled; on paper it looks like pursue and retreat."""
    maaike = Person(
        "a",
        "Maaike",
        intake(
            ["major_conflict"],
            "2025-06-16",
            (8, 6, 7, 8),
            items((5, 3, 4, 5, 3, 5, 3), (5, 3, 5, 6, 2, 5, 3)),
            distrust=7,
            fear_for_future=8,
            fear_when_apart=2,
            safety=screen(afraid_of_partner=True, controlled=True),
        ),
        ((0, Mood(2.8, 3.3, 7.0, 4.0, 2.5, 0.12, 0.62, 0.1, 0.6)),),
        (
            (5, "Hij wilde weten met wie ik had geluncht. Ik heb het maar uitgelegd."),
            (16, "Mijn pinpas ligt nu 'voor het gemak' bij hem."),
            (27, "Ik loop op mijn tenen. Zeg liever niks dan het verkeerde."),
            (38, "Vandaag bij mijn zus geweest. Daar kon ik even ademen."),
        ),
    )
    rob = Person(
        "b",
        "Rob",
        intake(
            ["major_conflict"],
            "2025-06-16",
            (7, 8, 5, 4),
            {"anxiety": 5.6, "avoidance": 2.4},
            distrust=6,
            fear_for_future=6,
            fear_when_apart=7,
        ),
        ((0, Mood(4.5, 6.0, 6.0, 5.0, 6.0, 0.7, 0.15, 0.65, 0.1)),),
        (
            (8, "Ze trekt zich steeds meer terug. Ik wil gewoon weten wat er speelt."),
            (24, "Weer ruzie over geld. Iemand moet het toch overzien."),
        ),
        joined=1,
    )
    return Story(
        "safety_concern",
        1606,
        date(2025, 11, 3),
        42,
        (maaike, rob),
        ((0, Climate(conflict=0.4, connection=0.1, talked=0.15, ritual=0.03)),),
        (("trust", 0.45), ("money", 0.25), ("family", 0.2), ("other", 0.1)),
        ("samen ontbijten",),
    )


def _single_partner() -> Story:
    """Eva starts alone: since his father died, Joost has drifted away and she keeps reaching."""
    eva = Person(
        "a",
        "Eva",
        intake(
            ["loss", "other"],
            "2025-04-20",
            (6, 8, 5, 6),
            items((6, 3, 6, 5, 3, 6, 3), (2, 6, 3, 2, 6, 2, 6)),
            distrust=4,
            fear_for_future=7,
            fear_when_apart=5,
        ),
        ((0, Mood(3.2, 5.5, 5.8, 4.0, 6.0, 0.65, 0.12, 0.7, 0.05)),),
        (
            (2, "Joost wil niet meedoen met de app. 'Doe jij maar.' Dus ik begin alleen."),
            (10, "Ik stelde voor om te gaan wandelen. Hij had geen zin."),
            (19, "Sinds de begrafenis praat hij met niemand. Ook niet met mij."),
            (27, "Zondag samen gekookt en gelachen. Zo lang niet gehad."),
            (35, "Ik merk dat ik verwijtend word. 'Jij bent er nooit.' Dat wil ik anders."),
        ),
        skip=0.12,
    )
    return Story(
        "single_partner",
        1714,
        date(2025, 9, 1),
        42,
        (eva,),
        ((0, Climate(conflict=0.14, connection=0.18, talked=0.12, ritual=0.12)),),
        (("the_crisis", 0.35), ("family", 0.35), ("household", 0.3)),
        ("avondwandeling", "samen koken"),
    )


def _recovering() -> Story:
    """Iris and Thomas fought and fled over his hidden debts; from week five they find their way."""
    iris_early = Mood(3.0, 4.5, 7.5, 3.5, 4.5, 0.65, 0.12, 0.68, 0.08)
    iris_late = Mood(6.5, 7.0, 4.2, 6.5, 5.5, 0.45, 0.08, 0.35, 0.05)
    thomas_early = Mood(3.5, 5.0, 7.0, 4.0, 4.0, 0.12, 0.6, 0.08, 0.6)
    thomas_late = Mood(6.3, 7.2, 4.5, 6.8, 5.5, 0.4, 0.12, 0.3, 0.1)
    iris = Person(
        "a",
        "Iris",
        intake(
            ["financial_stress", "major_conflict"],
            "2025-03-03",
            (8, 7, 7, 5),
            {"anxiety": 5.1, "avoidance": 2.6},
            distrust=6,
            fear_for_future=6,
            fear_when_apart=4,
        ),
        ((0, iris_early), (24, iris_early), (38, iris_late), (62, iris_late)),
        (
            (2, "Alweer ruzie over de schulden. Hij loopt weg, ik roep hem na."),
            (13, "Ik wil dat hij met me práát. Niet wegduiken."),
            (27, "We hebben afgesproken: elke avond vijf minuten, zonder verwijten."),
            (40, "Hij vertelde uit zichzelf hoe bang hij was. Ik heb alleen geluisterd."),
            (52, "Samen ontbeten op zaterdag, gewoon gekletst. Voelde als vroeger."),
            (60, "Nog niet alles is goed, maar we zijn weer een wij."),
        ),
    )
    thomas = Person(
        "b",
        "Thomas",
        intake(
            ["financial_stress", "major_conflict"],
            "2025-03-03",
            (8, 5, 7, 8),
            items((3, 5, 2, 3, 5, 2, 5), (6, 3, 5, 6, 3, 5, 3)),
            distrust=3,
            fear_for_future=6,
            fear_when_apart=2,
        ),
        ((0, thomas_early), (24, thomas_early), (38, thomas_late), (62, thomas_late)),
        (
            (6, "Ik kan het niet aanhoren. Ik ga naar de garage."),
            (21, "Met de schuldhulp gebeld. Eerste stap."),
            (34, "De check-in van vijf minuten is minder eng dan ik dacht."),
            (48, "Avondwandeling met Iris. Over van alles, ook over het voorjaar."),
        ),
        joined=1,
    )
    early = Climate(conflict=0.45, connection=0.12, talked=0.2, ritual=0.03)
    late = Climate(conflict=0.08, connection=0.55, talked=0.4, ritual=0.6)
    return Story(
        "recovering",
        1808,
        date(2025, 5, 5),
        63,
        (iris, thomas),
        ((0, early), (24, early), (38, late), (62, late)),
        (("money", 0.6), ("trust", 0.25), ("household", 0.15)),
        ("5 minuten check-in", "avondwandeling", "samen ontbijten", "hand op de rug"),
    )


def _near_miss_freeze() -> Story:
    """Roos's mother with dementia moved in: high stress, yet she and Sem still find each other."""
    roos = Person(
        "a",
        "Roos",
        intake(
            ["illness"],
            "2025-08-25",
            (8, 4, 8, 6),
            {"anxiety": 3.2, "avoidance": 2.5},
            distrust=1,
            fear_for_future=3,
            fear_when_apart=3,
        ),
        ((0, Mood(5.5, 6.5, 7.8, 7.0, 2.5, 0.35, 0.15, 0.35, 0.15)),),
        (
            (4, "Mama vroeg vannacht drie keer waar ze was. Gebroken."),
            (14, "Sem zette thee en we zaten tien minuten samen op de trap. Precies genoeg."),
            (29, "Zwaar, maar ik sta er niet alleen voor."),
        ),
    )
    sem = Person(
        "b",
        "Sem",
        intake(
            ["illness"],
            "2025-08-25",
            (7, 3, 7, 4),
            items((2, 6, 2, 1, 6, 2, 6), (3, 6, 2, 3, 6, 2, 6)),
            distrust=1,
            fear_for_future=2,
            fear_when_apart=2,
        ),
        ((0, Mood(5.8, 7.0, 7.2, 7.2, 3.5, 0.4, 0.12, 0.3, 0.1)),),
        (
            (9, "Dagbesteding geregeld voor twee dagen. Scheelt veel."),
            (23, "Roos lachte vanavond om iets stoms van mij. Dat mis ik weleens."),
        ),
        joined=1,
        skip=0.14,
    )
    return Story(
        "near_miss_freeze",
        1909,
        date(2025, 9, 29),
        42,
        (roos, sem),
        ((0, Climate(conflict=0.1, connection=0.48, talked=0.3, ritual=0.4)),),
        (("family", 0.5), ("household", 0.3), ("work", 0.2)),
        ("thee op de trap", "hand op de rug", "5 minuten check-in"),
    )


def _near_miss_parallel() -> Story:
    """Femke and Ruben, calm after his burnout; little spark, but they do talk it through."""
    femke = Person(
        "a",
        "Femke",
        intake(
            ["illness"],
            "2025-01-13",
            (3, 3, 4, 4),
            items((3, 5, 2, 2, 6, 3, 6), (4, 5, 3, 4, 5, 3, 5)),
            distrust=2,
            fear_for_future=4,
            fear_when_apart=2,
        ),
        ((0, Mood(4.5, 7.0, 3.5, 6.0, 6.5, 0.2, 0.12, 0.2, 0.08)),),
        (
            (6, "We hadden het over hoe eenzaam ik me toen voelde. Hij luisterde."),
            (20, "Weinig vonk, veel rust. Maar we praten wel."),
            (33, "Gesprek over wat we geleerd hebben van dat jaar. Goed gesprek."),
        ),
    )
    ruben = Person(
        "b",
        "Ruben",
        intake(
            ["illness"],
            "2025-01-13",
            (4, 2, 4, 6),
            {"anxiety": 2.4, "avoidance": 4.3},
            distrust=1,
            fear_for_future=3,
            fear_when_apart=2,
        ),
        ((0, Mood(4.3, 7.0, 3.8, 5.5, 7.0, 0.15, 0.18, 0.15, 0.15)),),
        (
            (11, "Ik snap nu beter wat mijn burn-out met haar deed."),
            (27, "Rustig thuis. Soms een beetje vlak."),
        ),
        joined=2,
    )
    return Story(
        "near_miss_parallel",
        2010,
        date(2025, 9, 8),
        42,
        (femke, ruben),
        ((0, Climate(conflict=0.06, connection=0.15, talked=0.4, ritual=0.1)),),
        (("household", 0.5), ("work", 0.3), ("other", 0.2)),
        ("samen eten", "zondagochtend koffie"),
    )


def _near_miss_pursue_withdraw() -> Story:
    """Julia's mother has cancer; Julia reaches for Lars a lot, and he answers."""
    julia = Person(
        "a",
        "Julia",
        intake(
            ["illness"],
            "2025-07-07",
            (7, 8, 6, 4),
            {"anxiety": 4.8, "avoidance": 1.9},
            distrust=1,
            fear_for_future=3,
            fear_when_apart=5,
        ),
        ((0, Mood(6.0, 7.0, 6.2, 6.0, 4.5, 0.7, 0.08, 0.72, 0.05)),),
        (
            (3, "Na de uitslag van mama meteen Lars gebeld. Hij kwam direct."),
            (15, "Ik vraag veel van hem. Hij zegt dat het goed is."),
            (28, "Samen gehuild op de bank. Het mag er zijn."),
        ),
    )
    lars = Person(
        "b",
        "Lars",
        intake(
            ["illness"],
            "2025-07-07",
            (4, 3, 4, 2),
            items((2, 6, 1, 2, 6, 2, 7), (2, 6, 2, 3, 6, 2, 6)),
            distrust=1,
            fear_for_future=2,
            fear_when_apart=2,
        ),
        ((0, Mood(6.2, 7.5, 4.5, 6.5, 5.5, 0.45, 0.1, 0.32, 0.12)),),
        (
            (8, "Julia belt vaak. Fijn dat ze dat doet, dan weet ik hoe het gaat."),
            (24, "Even een uurtje hardlopen, daarna weer thuis voor haar."),
        ),
        joined=1,
    )
    return Story(
        "near_miss_pursue_withdraw",
        2115,
        date(2025, 8, 18),
        42,
        (julia, lars),
        ((0, Climate(conflict=0.1, connection=0.5, talked=0.4, ritual=0.35)),),
        (("family", 0.5), ("household", 0.3), ("work", 0.2)),
        ("avondwandeling", "5 minuten check-in", "samen ontbijten"),
    )


def _near_miss_over_connection() -> Story:
    """Tim's father died; Sophie and Tim seek each other and still keep their own lives."""
    sophie = Person(
        "a",
        "Sophie",
        intake(
            ["loss"],
            "2025-03-30",
            (4, 5, 4, 3),
            items((3, 6, 3, 2, 5, 2, 6), (2, 7, 2, 2, 6, 2, 6)),
            distrust=1,
            fear_for_future=2,
            fear_when_apart=3,
        ),
        ((0, Mood(7.0, 7.5, 4.8, 7.0, 6.0, 0.55, 0.08, 0.62, 0.05)),),
        (
            (5, "Tim mist zijn vader. Ik probeer er gewoon te zijn."),
            (
                18,
                "Hij ging met zijn broer het huis leeghalen. Goed dat hij dat samen met hem doet.",
            ),
            (31, "Yoga en daarna samen koken. Fijne balans."),
        ),
    )
    tim = Person(
        "b",
        "Tim",
        intake(
            ["loss"],
            "2025-03-30",
            (5, 6, 5, 4),
            {"anxiety": 2.8, "avoidance": 3.1},
            distrust=1,
            fear_for_future=2,
            fear_when_apart=2,
        ),
        ((0, Mood(6.8, 7.0, 5.5, 6.5, 6.5, 0.5, 0.12, 0.62, 0.08)),),
        (
            (10, "Zijn oude fiets opgeknapt. Voelde als afscheid nemen."),
            (26, "Sophie vroeg hoe het echt ging. Dat deed me goed."),
        ),
        joined=2,
    )
    return Story(
        "near_miss_over_connection",
        2212,
        date(2025, 5, 12),
        42,
        (sophie, tim),
        ((0, Climate(conflict=0.06, connection=0.55, talked=0.45, ritual=0.45)),),
        (("family", 0.5), ("household", 0.3), ("other", 0.2)),
        ("avondwandeling", "samen koken", "hand op de rug"),
    )


def stories() -> tuple[Story, ...]:
    """Return every example story: the four patterns, mixed, safety, solo, recovery, near misses."""
    return (
        _pursue_withdraw(),
        _emotional_freeze(),
        _over_connection(),
        _parallel_lives(),
        _mixed(),
        _safety_concern(),
        _single_partner(),
        _recovering(),
        _near_miss_freeze(),
        _near_miss_parallel(),
        _near_miss_pursue_withdraw(),
        _near_miss_over_connection(),
    )


def write_examples(directory: Path) -> list[Path]:
    """Write every example as ``<name>.json`` into ``directory``; return the paths written.

    Each record is validated by the record loader and written in its canonical form
    (``dump_record``), so a file here is exactly what nabij itself would save.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for story in stories():
        record = record_from_json(build(story))
        path = directory / f"{story.name}.json"
        path.write_bytes(dump_record(record).encode("utf-8"))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_examples(Path(__file__).resolve().parent):
        print(written_path.name)
