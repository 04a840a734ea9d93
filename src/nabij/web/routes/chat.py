"""Look at a whole chat: upload an export, see its doors and walls, the dance and the model.

The upload is read in memory (``nabij.web.upload``) and analysed in a worker thread, at most
``MAX_ANALYSES`` at once, while the request waits for the result. Nothing of the chat is kept,
written to the database or logged: the page is built from the analysis and the bytes are gone
with the request. The page is private to the person who uploaded the chat, so it shows the
example messages its readings rest on.
"""

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated

import anyio
from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import APIRouter, Depends
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from nabij.coach.analysis import MAX_CHARS
from nabij.conversation.analysis import ChatAnalysis, PartnersError, PartnersProblem
from nabij.conversation.dance import VISIBLE
from nabij.conversation.messages import ChatError, SkipReason
from nabij.conversation.texts import chat_text
from nabij.engine.words import decimal
from nabij.services import chat as chat_service
from nabij.services.chat import ChatTooLargeError, ChatWords, DateOrder, Week
from nabij.web.charts import Series, chart_table, line_chart
from nabij.web.context import Page, UserPage, render
from nabij.web.resume import form_page
from nabij.web.upload import Upload, upload_reader

router = APIRouter()
upload = upload_reader(chat_service.MAX_FILE_BYTES)

# A 100,000-message chat takes a few seconds of one core and a few hundred MB: two at once keep
# a small server responsive for everyone else. Further uploads wait their turn.
MAX_ANALYSES = 2
ANALYSES = anyio.CapacityLimiter(MAX_ANALYSES)
# Skipped line numbers shown per reason; the count says how many more there are.
SHOWN_LINES = 20

FILE, ME, ORDER, PARTNER_A, PARTNER_B = "file", "me", "order", "partner_a", "partner_b"


def _limit(p: Page, limit: int = chat_service.MAX_FILE_BYTES) -> str:
    return format_decimal(limit // (1024 * 1024), locale=p.lang.value)


def _chat_form(
    p: Page,
    *,
    errors: dict[str, str] | None = None,
    note: str = "",
    senders: tuple[str, ...] = (),
    status: int = 200,
) -> Response:
    """Show the upload form with what was filled in (a file is never filled in again)."""
    return render(
        p,
        "chat.html",
        status=status,
        errors=errors or {},
        note=note,
        me=p.form.get(ME),
        order=DateOrder.of(p.form.get(ORDER)).value,
        senders=senders,
        chosen=_preselected(p, senders),
        limit=_limit(p),
    )


def _preselected(p: Page, senders: tuple[str, ...]) -> tuple[str, str]:
    """Return the two senders the partner choice starts at: as chosen before, else me first."""
    if len(senders) < 2:
        return "", ""
    me = p.form.get(ME).strip()
    first = next(
        (n for n in (p.form.get(PARTNER_A), me) if n in senders),
        senders[0],
    )
    second = p.form.get(PARTNER_B)
    if second not in senders or second == first:
        second = next(n for n in senders if n != first)
    return first, second


def _again(p: Page) -> str:
    return p._("Choose the file again: nothing of it was kept.")


@form_page("/chat")
def _chat_again(p: Page, note: str) -> Response:
    return _chat_form(p, note=f"{note} {_again(p)}")


@router.get("/chat")
def chat_form(p: UserPage) -> Response:
    """Show the upload form and what happens with a chat."""
    return _chat_form(p)


def _names(senders: tuple[str, ...]) -> str:
    return ", ".join(f"‘{name}’" for name in senders)


def _unreadable(p: Page, error: ChatError) -> str:
    """Return why the file is no chat, with the line where that shows (never the line's text)."""
    _ = p._
    lang = p.lang
    detail = chat_text(lang, "cli", "problem", error.problem.value if error.problem else "unknown")
    text = _("This file cannot be read as a chat: %(detail)s.") % {"detail": detail}
    if error.line is not None:
        text += " " + _("This shows at line %(line)s of the file.") % {"line": error.line}
    return text


def _partners_problem(p: Page, error: PartnersError) -> tuple[dict[str, str], tuple[str, ...]]:
    """Return the problem by its field, and the senders to choose from when that is asked."""
    _ = p._
    senders = error.senders
    if error.problem is PartnersProblem.TOO_FEW_SENDERS:
        text = _("Only one person (or no one) writes in this chat; nabij needs two.")
        return {FILE: text}, ()
    if error.problem is PartnersProblem.TOO_MANY_SENDERS:
        return {}, senders
    if error.problem is PartnersProblem.SAME_PARTNER:
        return {"partners": _("Choose two different people.") + " " + _again(p)}, senders
    # NOT_A_SENDER: the name in "me", or a chosen partner from an earlier file.
    me = p.form.get(ME).strip()
    listed = {"senders": _names(senders)}
    if me and me not in senders:
        text = _("‘%(name)s’ does not write in this chat. Those who do: %(senders)s.")
        return {ME: text % {"name": me, **listed}}, ()
    text = _("Choose the two of you from the people who write in this chat: %(senders)s.")
    return {"partners": text % listed + " " + _again(p)}, senders


def _chosen(p: Page) -> tuple[str, str] | None:
    first, second = p.form.get(PARTNER_A), p.form.get(PARTNER_B)
    return (first, second) if first and second else None


@router.post("/chat")
async def chat_upload(sent: Annotated[Upload, Depends(upload)]) -> Response:
    """Analyse the uploaded chat and show what it shows; nothing is kept."""
    p = sent.page
    _ = p._
    # The body may hold a little more than the file (``FRAMING``); the file itself may not.
    if sent.too_large or len(sent.content or b"") > chat_service.MAX_FILE_BYTES:
        text = _("This file is larger than %(limit)s MB; nabij can read chats up to that size.")
        return await run_in_threadpool(
            _chat_form, p, errors={FILE: text % {"limit": _limit(p)}}, status=413
        )
    if not sent.content:
        return await run_in_threadpool(
            _chat_form, p, errors={FILE: _("Choose a file first.")}, status=400
        )
    # The analysis takes seconds: end the request's read transaction first, so that it holds
    # no database connection meanwhile. Nothing was written.
    await run_in_threadpool(p.db.rollback)
    work = partial(
        chat_service.analyse_upload,
        sent.content,
        order=DateOrder.of(p.form.get(ORDER)),
        partners=_chosen(p),
        me=p.form.get(ME).strip() or None,
    )
    try:
        analysis = await anyio.to_thread.run_sync(work, limiter=ANALYSES)
    except ChatError as error:
        errors = {FILE: _unreadable(p, error)}
        return await run_in_threadpool(_chat_form, p, errors=errors, status=400)
    except ChatTooLargeError:
        text = _(
            "This chat holds more than %(limit)s MB of text, more than nabij reads at once. "
            "A chat exported without media is often small enough."
        )
        errors = {FILE: text % {"limit": _limit(p, chat_service.MAX_TEXT_BYTES)}}
        return await run_in_threadpool(_chat_form, p, errors=errors, status=413)
    except PartnersError as error:
        errors, senders = _partners_problem(p, error)
        note = ""
        if senders and not errors:
            note = _(
                "%(count)s people write in this chat. Choose the two of you below, and choose "
                "the file again: nothing of it was kept."
            ) % {"count": len(senders)}
        status = 400 if errors else 200
        return await run_in_threadpool(
            _chat_form, p, errors=errors, note=note, senders=senders, status=status
        )
    return await run_in_threadpool(_result, p, analysis)


# --- the result page -------------------------------------------------------------------------


def _skip_reasons(_: Callable[[str], str]) -> dict[SkipReason, str]:
    return {
        SkipReason.SYSTEM: _("System lines (encryption notice, joined, left, changes)"),
        SkipReason.DELETED: _("Deleted messages"),
        SkipReason.UNREADABLE: _("Lines that could not be read"),
        SkipReason.BAD_DATE: _("Lines with a date or time that does not exist"),
        SkipReason.EMPTY: _("Messages without text"),
    }


def _skipped(p: Page, analysis: ChatAnalysis) -> list[tuple[str, int, str, int]]:
    """Return per reason: its words, how many lines, the first line numbers, how many more."""
    lines: dict[SkipReason, list[int]] = {}
    for skipped in analysis.skipped:
        lines.setdefault(skipped.reason, []).append(skipped.line)
    names = _skip_reasons(p._)
    return [
        (
            names[reason],
            len(lines[reason]),
            ", ".join(str(n) for n in lines[reason][:SHOWN_LINES]),
            max(0, len(lines[reason]) - SHOWN_LINES),
        )
        for reason in SkipReason
        if reason in lines
    ]


def _week_label(p: Page, week: Week) -> str:
    year, number = week.week.split("-W")
    return p._("week %(week)s, %(year)s") % {"week": int(number), "year": year}


def _trend_chart(p: Page, words: ChatWords) -> dict[str, object] | None:
    """Return the doors-and-walls chart with its table, or None without any marked week."""
    if not words.weeks:
        return None
    _ = p._
    lang = p.lang.value
    w, h = words.partners
    values: tuple[dict[date, int], dict[date, int]] = ({}, {})
    for week in words.weeks:
        for values_of, share in zip(values, week.doors_share, strict=True):
            if share is not None:
                values_of[week.monday] = share
    series = [Series(w, values[0]), Series(h, values[1], own=False)]
    start, end = words.weeks[0].monday, words.weeks[-1].monday
    description = _(
        "For each week from %(from)s to %(to)s: of every 10 messages with a door or a wall, how "
        "many held a door. %(w)s is the solid line with round dots, %(h)s the dashed line with "
        "open squares."
    ) % {
        "from": format_date(start, "medium", locale=lang),
        "to": format_date(end, "medium", locale=lang),
        "w": w,
        "h": h,
    }
    svg = line_chart(
        series,
        start=start,
        end=end,
        title=_("Doors of every 10 marked messages, per week"),
        description=description,
        lang=lang,
        # I18N: the chart's bottom: none of 10 marked messages held a door, all a wall.
        low_label=_("10 walls"),
        # I18N: the chart's top: all of 10 marked messages held a door.
        high_label=_("10 doors"),
        id_prefix="chart-doors",
    )
    by_monday = {week.monday: week for week in words.weeks}
    rows = [
        (_week_label(p, by_monday[day]), by_monday[day])
        for day, _values in chart_table(series, start=start, end=end, lang=lang)
    ]
    return {"svg": svg, "rows": rows}


def _plot(svg: str | None) -> Markup | None:
    """Return the phase plot for the page: our own SVG, whose texts ``phase_plot_svg`` escaped.

    It carries presentation attributes only (no ``style``), which the CSP allows; the class
    lets the stylesheet scale it to the width of the screen like the other charts.
    """
    if svg is None:
        return None
    # Safe to mark: ``phase_plot_svg`` builds the SVG itself and escapes every text in it.
    tagged = svg.replace("<svg ", '<svg class="chart phase-plot" ', 1)
    return Markup(tagged)  # nosec B704


def _result(p: Page, analysis: ChatAnalysis) -> Response:
    words = chat_service.chat_words(analysis, p.lang)
    lang = p.lang

    def t(*keys: str, **values: object) -> str:
        return chat_text(lang, *keys).format(**values)

    return render(
        p,
        "chat_result.html",
        t=t,
        words=words,
        analysis=analysis,
        concern=words.safety is not None,
        lines=words.safety.lines if words.safety else (),
        # The two partners first (you first, when you gave your name), then anyone else.
        senders=[*analysis.partners, *(s for s in analysis.messages if s not in analysis.partners)],
        skipped=_skipped(p, analysis),
        trend=_trend_chart(p, words),
        plot=_plot(words.model.plot),
        truncate_limit=format_decimal(MAX_CHARS, locale=lang.value),
        visible_from=decimal(VISIBLE, lang),
    )
