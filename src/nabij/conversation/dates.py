"""Turn the digits of WhatsApp headers into times, deciding once per file which is the day.

An export writes dates in the order of the phone's region (31-12-2023, 12/31/23, 2023-12-31),
and no line says which order that is. The rule, in this order (docs/chat-import.md):

1. ``dayfirst`` given by the caller decides.
2. A day/month field above 12 can only be a day: whichever order such lines support wins;
   when both orders have such lines, the order with more of them wins, and the lines that
   contradict it are skipped as ``bad_date``.
3. Otherwise, an export is written in time order: the order that reads the file with fewer
   steps back in time wins.
4. Otherwise day first, as the Netherlands and Belgium write it, unless the file's WhatsApp
   phrases are English only and its clock is 12-hour (the layout of the United States),
   which means month first.

A year is four digits first (2023-12-31) or two or four digits last; two digits mean 20xx,
since WhatsApp did not exist before 2009.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from nabij.conversation.messages import Message, Skipped, SkipReason
from nabij.conversation.whatsapp import Raw, Reading
from nabij.model.ids import Lang

MAX_MONTH = 12
CENTURY = 2000
# (year, first day/month field, second day/month field, hour, minute, second), or None when
# the digits cannot be a date at all (a three-digit year, "13 PM").
_Fields = tuple[int, int, int, int, int, int] | None


def _fields(raw: Raw) -> _Fields:
    """Return the header's numbers as (year, p, q, hour, minute, second), p and q unordered."""
    a, b, c, hour_text, minute, second, ampm = raw.stamp
    if len(a) == 4:  # the year first: 2023-12-31
        year, p, q = int(a), int(b), c
    elif len(c) in (2, 4) and len(a) <= 2:  # the year last: 31-12-23, 12/31/2023
        year, p, q = int(c), int(a), b
    else:
        return None
    if len(q) > 2:
        return None
    if year < 100:
        year += CENTURY
    hour = int(hour_text)
    if ampm is not None:
        # 12-hour clock: 12 AM is midnight, 12 PM is noon; 0 is accepted as midnight too.
        if hour > 12:
            return None
        pm = ampm[0] in "pP"
        hour = (hour % 12) + (12 if pm else 0)
    return (year, p, int(q), hour, int(minute), int(second) if second else 0)


def _steps_back(fields: Sequence[_Fields], dayfirst: bool) -> int:
    """Return how often the next message is earlier than the one before it in this reading."""
    previous: tuple[int, ...] | None = None
    back = 0
    for value in fields:
        if value is None:
            continue
        year, p, q, hour, minute, second = value
        key = (year, q, p, hour, minute, second) if dayfirst else (year, p, q, hour, minute, second)
        if previous is not None and key < previous:
            back += 1
        previous = key
    return back


def decide_dayfirst(
    fields: Sequence[_Fields], votes: dict[Lang, int], twelve_hour: bool
) -> bool:
    """Return whether the first day/month field is the day, by rules 2–4 of this module."""
    first_is_day = sum(1 for f in fields if f is not None and f[1] > MAX_MONTH >= f[2])
    second_is_day = sum(1 for f in fields if f is not None and f[2] > MAX_MONTH >= f[1])
    if first_is_day != second_is_day:
        return first_is_day > second_is_day
    day_first_back = _steps_back(fields, True)
    month_first_back = _steps_back(fields, False)
    if day_first_back != month_first_back:
        return day_first_back < month_first_back
    english_only = votes.get(Lang.EN, 0) > 0 and votes.get(Lang.NL, 0) == 0
    return not (english_only and twelve_hour)


def date_messages(
    reading: Reading, dayfirst: bool | None
) -> tuple[list[Message], list[Skipped], bool]:
    """Return the dated messages, the lines skipped for their date, and the order used."""
    raws = reading.messages
    fields = [_fields(raw) for raw in raws]
    if dayfirst is None:
        dayfirst = decide_dayfirst(fields, reading.votes, reading.twelve_hour)
    messages: list[Message] = []
    skipped: list[Skipped] = []
    append = messages.append
    for raw, value in zip(raws, fields, strict=True):
        if value is None:
            skipped.append(Skipped(raw.line, SkipReason.BAD_DATE))
            continue
        year, p, q, hour, minute, second = value
        day, month = (p, q) if dayfirst else (q, p)
        try:
            time = datetime(year, month, day, hour, minute, second)
        except ValueError:
            skipped.append(Skipped(raw.line, SkipReason.BAD_DATE))
            continue
        append(Message(raw.line, time, raw.sender, raw.text, raw.media, raw.edited))
    return messages, skipped, dayfirst


def merge_skipped(*groups: Iterable[Skipped]) -> tuple[Skipped, ...]:
    """Return skipped lines from several sources in line order."""
    return tuple(sorted((s for group in groups for s in group), key=lambda s: s.line))
