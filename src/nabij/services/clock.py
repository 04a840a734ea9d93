"""What time it is, for the server (UTC) and for the user's calendar (NABIJ_TIMEZONE)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Return the current UTC time without a zone, as the database stores times."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today(zone: ZoneInfo, now: datetime | None = None) -> date:
    """Return the local date in ``zone`` at UTC time ``now`` (the day boundary of check-ins)."""
    moment = (now or utcnow()).replace(tzinfo=UTC)
    return moment.astimezone(zone).date()
