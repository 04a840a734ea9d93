"""The intake: active reactions, the safety screen and answering it again."""

from nabij.instruments.intake import SafetyScreen
from nabij.model.ids import Reaction, SafetyConcern
from tests.personas import eva


def screen(**answers: bool) -> SafetyScreen:
    base = dict.fromkeys(
        ("hurt", "threatened", "afraid_of_partner", "controlled", "self_harm_thoughts"), False
    )
    return SafetyScreen(**{**base, **answers})


def test_no_yes_means_no_concern() -> None:
    assert screen().concerns() == ()


def test_each_answer_raises_its_concern() -> None:
    assert screen(hurt=True).concerns() == (SafetyConcern.VIOLENCE,)
    assert screen(threatened=True).concerns() == (SafetyConcern.VIOLENCE,)
    assert screen(afraid_of_partner=True).concerns() == (SafetyConcern.FEAR_OF_PARTNER,)
    assert screen(controlled=True).concerns() == (SafetyConcern.COERCIVE_CONTROL,)
    assert screen(self_harm_thoughts=True).concerns() == (SafetyConcern.SELF_HARM,)


def test_concerns_come_in_the_order_of_their_ids() -> None:
    everything = screen(
        hurt=True, threatened=True, afraid_of_partner=True, controlled=True, self_harm_thoughts=True
    )
    assert everything.concerns() == tuple(SafetyConcern)


def test_the_safety_screen_can_be_answered_again_without_touching_the_rest() -> None:
    before = eva().partners[0].intake
    after = before.with_safety_screen(screen(self_harm_thoughts=True))
    assert after.safety_screen.concerns() == (SafetyConcern.SELF_HARM,)
    assert (after.crisis, after.attachment, after.distrust) == (
        before.crisis,
        before.attachment,
        before.distrust,
    )


def test_reactions_from_five_are_active() -> None:
    reactions = {
        "stress_response": 5,
        "attachment_activation": 4,
        "loss_of_predictability": 9,
        "identity_stress": 0,
    }
    intake = eva(reactions=reactions).partners[0].intake
    assert intake.active_reactions() == (
        Reaction.STRESS_RESPONSE,
        Reaction.LOSS_OF_PREDICTABILITY,
    )
