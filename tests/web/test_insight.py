"""The insight page: own tendencies, the couple's pattern only from a shared picture, the charts."""

import re
from collections.abc import Callable
from datetime import timedelta

from fastapi import FastAPI

from nabij.i18n import translator
from nabij.model.ids import Lang, ShareCategory
from nabij.model.safety import pause_message
from nabij.model.texts import model_text, text
from nabij.web.charts import day_label
from tests import personas
from tests.web import worlds
from tests.web.people import Person
from tests.web.worlds import shows

_ = translator(Lang.NL)
PATTERN = 'id="pattern-pursue_withdraw"'


def test_it_sends_a_visitor_to_the_login(person: Callable[[str], Person]) -> None:
    answer = person("charlie").get("/insight")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")


def test_it_asks_kindly_for_the_intake_first(person: Callable[[str], Person]) -> None:
    eva = person("eva").register()
    page = eva.get("/insight")
    assert page.status_code == 200
    assert 'href="/intake"' in page.text
    assert 'id="patterns"' not in page.text


def test_the_pattern_shows_only_when_both_partners_share_their_daily_scores(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = worlds.sanne_and_mark(app, person)
    worlds.share(app, sanne, ShareCategory.DAILY_SCORES)
    assert PATTERN not in sanne.get("/insight").text
    assert PATTERN not in mark.get("/insight").text

    worlds.share(app, mark, ShareCategory.DAILY_SCORES)
    for page in (sanne.get("/insight").text, mark.get("/insight").text):
        assert PATTERN in page
        assert shows(page, model_text(Lang.NL, "pattern", "pursue_withdraw", "name"))
        assert shows(page, model_text(Lang.NL, "pattern", "pursue_withdraw", "inside"))
        assert shows(page, text("nabij.engine", Lang.NL, "signal", "pulled_back_share", "name"))
        assert shows(page, model_text(Lang.NL, "general", "not_a_verdict"))


def test_it_says_whose_evidence_it_is_without_naming_anyone(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = worlds.sanne_and_mark(app, person)
    worlds.share(app, sanne, ShareCategory.DAILY_SCORES)
    worlds.share(app, mark, ShareCategory.DAILY_SCORES)
    page = mark.get("/insight").text
    evidence = page[page.index(PATTERN) : page.index("</article>", page.index(PATTERN))]
    lines = re.findall(r"<li>(.*?)</li>", evidence)
    # Mark pulls back; Sanne reaches out: each line says which of the two it is about.
    reach_out = text("nabij.engine", Lang.NL, "signal", "reached_out_share", "name")
    pull_back = text("nabij.engine", Lang.NL, "signal", "pulled_back_share", "name")
    assert any(line.startswith(_("Your partner")) and reach_out in line for line in lines)
    assert any(line.startswith(_("You")) and pull_back in line for line in lines)
    assert "sanne" not in page.lower()


def test_it_shows_my_tendency_as_two_scores_and_a_tendency_under_stress(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, _mark = worlds.sanne_and_mark(app, person)
    page = sanne.get("/insight").text
    assert shows(page, model_text(Lang.NL, "orientation", "anxious", "name"))
    assert shows(page, model_text(Lang.NL, "orientation", "anxious", "explanation"))
    assert shows(page, model_text(Lang.NL, "dimension", "anxiety", "name"))
    assert shows(page, _("{value} of 7").format(value="5,5"))
    assert shows(page, _("{value} of 7").format(value="2,0"))
    assert shows(page, model_text(Lang.NL, "general", "not_a_test"))
    # Mark's tendencies are not in Sanne's picture until both share them.
    assert not shows(page, model_text(Lang.NL, "orientation", "avoidant", "name"))


def test_the_partners_tendencies_show_when_both_share_them(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = worlds.sanne_and_mark(app, person)
    worlds.share(app, sanne, ShareCategory.TENDENCIES)
    worlds.share(app, mark, ShareCategory.TENDENCIES)
    page = sanne.get("/insight").text
    assert shows(page, model_text(Lang.NL, "orientation", "avoidant", "name"))
    # The explanation speaks to "you", so it is left out of the partner's part.
    assert not shows(page, model_text(Lang.NL, "orientation", "avoidant", "explanation"))


def test_a_solo_user_sees_what_cannot_be_known_alone(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    worlds.seed(app, eva, personas.intake(), worlds.four_weeks(app))
    page = eva.get("/insight").text
    assert shows(page, model_text(Lang.NL, "general", "unknown_without_partner"))
    for pattern in ("pursue_withdraw", "parallel_lives"):
        assert shows(page, model_text(Lang.NL, "pattern", pattern, "name"))
        assert f'id="pattern-{pattern}"' not in page
    assert not shows(page, _("No pattern stands out in these weeks."))
    # No partner part: no heading, no evidence line and no chart series named after them.
    assert f"<h3>{_('Your partner')}</h3>" not in page
    assert not re.search(rf"<li>\s*{re.escape(_('Your partner'))}", page)
    assert "series-partner" not in page
    assert 'href="/couple"' not in page.split('id="patterns"')[1].split("</section>")[0]


def test_the_next_step_links_to_its_step_page(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = worlds.sanne_and_mark(app, person)
    worlds.share(app, sanne, ShareCategory.DAILY_SCORES)
    worlds.share(app, mark, ShareCategory.DAILY_SCORES)
    page = sanne.get("/insight").text
    section = page[page.index('id="next-step"') :]
    assert 'href="/steps/name_the_pain"' in section
    assert shows(section, text("nabij.engine", Lang.NL, "reason", "pursue_withdraw", "text"))


def test_the_charts_show_the_partners_series_only_when_shared(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = worlds.sanne_and_mark(app, person)
    alone = mark.get("/insight").text
    assert alone.count('class="chart"') == 3
    assert "series-own" in alone
    assert "series-partner" not in alone

    worlds.share(app, sanne, ShareCategory.DAILY_SCORES)
    shared = mark.get("/insight").text
    assert shared.count('class="chart"') == 3
    assert shared.count('<g class="series-partner">') >= 3
    assert f'<th scope="col">{_("Your partner")}</th>' in shared
    # Sharing is one-way here: Sanne still sees only her own line.
    assert "series-partner" not in sanne.get("/insight").text


def test_each_chart_has_a_table_of_the_four_weeks_up_to_today(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = person("eva").register()
    today = worlds.today(app)
    days = personas.days(3, start=today - timedelta(days=40)) + personas.days(2, start=today)
    worlds.seed(app, eva, personas.intake(), days)
    page = eva.get("/insight").text
    tables = re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
    assert len(tables) == 3
    rows = re.findall(r'<th scope="row">(.*?)</th>', tables[0])
    # Only today is in the window: the check-ins of weeks ago stay out of the charts.
    assert rows == [day_label(today, "nl")]


def test_it_shows_the_neutral_pause_message_while_joint_exercises_are_paused(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = worlds.sanne_and_mark(app, person)
    title = pause_message(Lang.NL).title
    assert not shows(mark.get("/insight").text, title)
    worlds.set_user(app, sanne, joint_paused=True)
    assert shows(mark.get("/insight").text, title)
    assert shows(sanne.get("/insight").text, title)
