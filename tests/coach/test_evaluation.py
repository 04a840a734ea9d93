"""Scoring by hand-counted cases, and the coach's quality on its own labelled messages."""

import json
from pathlib import Path

import pytest

from nabij.coach.analysis import analyse
from nabij.coach.evaluation import Example, score
from nabij.coach.labels import Label, Safety
from nabij.model.ids import Lang

DATA = Path(__file__).parent / "data"


def test_scores_match_counts_worked_out_by_hand() -> None:
    b, f = Label.BLAME, Label.FEELING
    pairs = [
        (Example("x", Lang.NL, frozenset({b})), frozenset({b}), Safety.NONE),  # tp blame
        (Example("y", Lang.NL, frozenset({f})), frozenset({b, f}), Safety.NONE),  # false wall
        (Example("z", Lang.NL, frozenset()), frozenset(), Safety.SELF_HARM),  # safety wrong
        (Example("w", Lang.NL, frozenset({b}), Safety.SELF_HARM), frozenset(), Safety.SELF_HARM),
    ]
    s = score(pairs)[Lang.NL]
    blame = s.per_label[b]
    assert (blame.tp, blame.fp, blame.fn) == (1, 1, 1)
    assert blame.precision() == blame.recall() == 0.5
    micro = s.micro()
    assert (micro.tp, micro.fp, micro.fn) == (2, 1, 1)
    assert s.false_wall_rate() == pytest.approx(1 / 2)
    out = s.to_json()
    assert out["safety"] == {"accuracy": 0.75, "recall": 1.0}


def rows(split: str, lang: Lang) -> list[dict[str, str | list[str]]]:
    with (DATA / f"{split}.{lang.value}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def evaluate(split: str, lang: Lang) -> dict[str, object]:
    pairs = []
    for row in rows(split, lang):
        text = str(row["text"])
        result = analyse(text)
        gold = Example(
            text,
            Lang(row["lang"]),
            frozenset(Label(label) for label in row["labels"]),
            Safety(row["safety"]),
        )
        pairs.append((gold, frozenset(result.labels), result.safety))
    return score(pairs)[lang].to_json()


@pytest.mark.parametrize("split", ["dev", "dev2"])
@pytest.mark.parametrize("lang", list(Lang))
def test_the_development_splits_meet_the_quality_target(lang: Lang, split: str) -> None:
    scores = evaluate(split, lang)
    assert scores["micro"]["f1"] >= 0.85  # type: ignore[index]
    assert scores["false_wall_rate"] <= 0.05  # type: ignore[operator]
    assert scores["safety"]["recall"] >= 0.9  # type: ignore[index]


@pytest.mark.parametrize("lang", list(Lang))
def test_the_splits_are_large_enough_and_do_not_overlap(lang: Lang) -> None:
    dev = [row["text"] for split in ("dev", "dev2") for row in rows(split, lang)]
    test = [row["text"] for row in rows("test", lang)]
    assert len(dev) >= 300
    assert len(test) >= 100
    assert len(set(map(str, dev))) == len(dev)
    assert not {str(t) for t in dev} & {str(t) for t in test}
