"""Who is looking, and at whom: a user, their place in a couple, and what their partner shared."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from nabij.model.ids import PartnerId, ShareCategory
from nabij.store import couples
from nabij.store.sealing import KeyContext
from nabij.store.tables import User


@dataclass(frozen=True)
class Viewer:
    """A logged-in user with their couple, as one request sees them."""

    user: User
    membership: couples.Membership | None
    partner: User | None
    own_shares: frozenset[ShareCategory]
    partner_shares: frozenset[ShareCategory]

    @property
    def slot(self) -> PartnerId:
        """Return the user's place in the couple record (``a`` when alone)."""
        return PartnerId(self.membership.slot) if self.membership else PartnerId.A

    @property
    def keys(self) -> KeyContext:
        """Return the keys this request holds."""
        return KeyContext(self.user.id, self.partner.id if self.partner else None)

    @property
    def consented(self) -> bool:
        """Return whether the user accepted the consent notice."""
        return self.user.consent_version is not None


def viewer(db: Session, user: User) -> Viewer:
    """Return the viewer for ``user`` as things stand now (shares are read fresh every time)."""
    found = couples.standing(db, user.id)
    return Viewer(
        user=user,
        membership=found.membership,
        partner=found.partner,
        own_shares=found.own_shares,
        partner_shares=found.partner_shares if found.partner else frozenset(),
    )
