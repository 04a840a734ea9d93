"""Run the retention purge (``store.retention``) when the app starts and then at most hourly.

There is no scheduler to install: the app purges when it starts, and a request that finds the
last run an hour old or more runs it again before its page is built. The check is one
comparison with a time kept in memory, so other requests cost nothing extra; with several
processes each purges on its own clock, which does no harm (the deletes are idempotent).
"""

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from nabij.store import retention
from nabij.store.accounts import Timeouts

log = logging.getLogger("nabij.retention")

EVERY = timedelta(hours=1)


class Upkeep:
    """When the purge last ran in this process, and running it again when it is due."""

    def __init__(self, sessions: sessionmaker[Session], timeouts: Timeouts) -> None:
        self.sessions = sessions
        self.timeouts = timeouts
        self.last_run: datetime | None = None
        self._lock = threading.Lock()

    def due(self, now: datetime) -> bool:
        """Return whether the purge should run now (never yet, or an hour or more ago)."""
        return self.last_run is None or now - self.last_run >= EVERY

    def run(self, now: datetime) -> dict[str, int] | None:
        """Purge, unless another thread is at it or just did; return the counts if it ran.

        A failure (say, the database busy) is logged by its kind and tried again an hour
        later: the page that happened to trigger it is served all the same.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if not self.due(now):
                return None
            self.last_run = now
            with self.sessions() as db:
                counts = retention.purge(db, now, self.timeouts)
                db.commit()
        except SQLAlchemyError as error:
            log.warning("retention purge failed (%s); next try in an hour", type(error).__name__)
            return None
        finally:
            self._lock.release()
        log.info("retention purge: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        return counts
