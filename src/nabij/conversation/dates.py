"""Turn the digits of WhatsApp headers into times, deciding once per file which is the day.

An export writes dates in the order of the phone's region (31-12-2023, 12/31/23, 2023-12-31),
and no line says which order that is. The rule, in this order (docs/chat-import.md):

1. ``dayfirst`` given by the caller decides.
2. A day/month field above 12 can only be a day: whichever order such dates support wins;
   when both orders have such dates, the order with more of them wins, and the messages that
   contradict it are skipped as ``bad_date``.
3. Otherwise, an export is written in time order: the order in which the file's dates step
   back in time less often wins.
4. Otherwise day first, as the Netherlands and Belgium write it, unless the file's WhatsApp
   phrases are English only and its clock is 12-hour (the layout of the United States),
   which means month first.

Dates with the year first (2023-12-31, the ISO layout) are year-month-day wherever they are
written: for them only rule 1 and rule 2 can make the first field after the year the day, and
otherwise the month comes second (rules 3 and 4 do not apply).

Rules 2 and 3 count the file's distinct dates, not its messages: a busy day is one piece of
evidence, like a quiet one. A year is four digits first (2023-12-31) or two or four digits
last; two digits mean 20xx, since WhatsApp did not exist before 2009.
"""

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from itertools import pairwise

from nabij.conversation.messages import Message, Skipped, SkipReason
from nabij.conversation.whatsapp import Reading
from nabij.model.ids import Lang

MAX_MONTH = 12
HALF_DAY = 12  # hours on a 12-hour clock
CENTURY = 2000
# (year, first day/month field, second day/month field), the two fields as the file has them.
Day = tuple[int, int, int]


@lru_cache(maxsize=4096)
def _day(a: str, b: str, c: str) -> Day | None:
    """Return (year, p, q) for the date digits of a header, or None when they are no date.

    Cached: the messages of one day share these digits.
    """
    if len(a) == 4:  # the year first: 2023-12-31
        year, p, q = int(a), b, c
    elif len(c) in (2, 4) and len(a) <= 2:  # the year last: 31-12-23, 12/31/2023
        year, p, q = int(c), a, b
    else:
        return None
    if len(q) > 2:
        return None
    return (year + CENTURY if year < 100 else year), int(p), int(q)


def _steps_back(days: Sequence[Day], dayfirst: bool) -> int:
    """Return how often a date is earlier than the one before it, read in this order."""
    keys = [(y, q, p) if dayfirst else (y, p, q) for y, p, q in days]
    return sum(1 for before, after in pairwise(keys) if after < before)


def decide_dayfirst(
    days: Sequence[Day], votes: dict[Lang, int], twelve_hour: bool, *, year_first: bool = False
) -> bool:
    """Return whether the first day/month field is the day, by rules 2–4 of this module.

    ``days`` are the file's distinct dates in the order they first appear; ``year_first`` says
    that they are written with the year first, which makes the month second unless rule 2
    proves otherwise.
    """
    first_is_day = sum(1 for _, p, q in days if p > MAX_MONTH >= q)
    second_is_day = sum(1 for _, p, q in days if q > MAX_MONTH >= p)
    if first_is_day != second_is_day:
        return first_is_day > second_is_day
    if year_first:
        return False
    day_first_back, month_first_back = _steps_back(days, True), _steps_back(days, False)
    if day_first_back != month_first_back:
        return day_first_back < month_first_back
    english_only = votes.get(Lang.EN, 0) > 0 and votes.get(Lang.NL, 0) == 0
    return not (english_only and twelve_hour)


def date_messages(
    reading: Reading, dayfirst: bool | None
) -> tuple[list[Message], list[Skipped], bool]:
    """Return the dated messages, the messages skipped for their date, and the order used."""
    raws = reading.messages
    if dayfirst is None:
        seen = dict.fromkeys((_day(s[0], s[2], s[3]), len(s[0]) == 4) for _, s, *_ in raws)
        days = [day for day, _ in seen if day is not None]
        # Year first when most of the file's distinct dates are written that way (an export
        # writes all its dates alike; a stray line cannot turn the whole file around).
        year_first = 2 * sum(1 for day, first in seen if day is not None and first) > len(days)
        dayfirst = decide_dayfirst(days, reading.votes, reading.twelve_hour, year_first=year_first)
    messages: list[Message] = []
    skipped: list[Skipped] = []
    append = messages.append
    for line, (a, _, b, c, hour_text, minute, second, ampm), sender, text, media, edited in raws:
        found = _day(a, b, c)
        hour = int(hour_text)
        if ampm is not None:
            # 12-hour clock: 12 AM is midnight, 12 PM is noon; 0 is read as midnight too.
            hour = hour % HALF_DAY + (HALF_DAY if ampm[0] in "pP" else 0) if hour <= 12 else 99
        if found is not None:
            year, p, q = found
            try:
                time = datetime(
                    year,
                    q if dayfirst else p,
                    p if dayfirst else q,
                    hour,
                    int(minute),
                    int(second) if second else 0,
                )
            except ValueError:
                pass
            else:
                append(Message(line, time, sender, text, media, edited))
                continue
        skipped.append(Skipped(line, SkipReason.BAD_DATE))
    return messages, skipped, dayfirst
