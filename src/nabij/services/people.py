"""Who is looking, and at whom: a user, their place in a couple, and what their partner shared."""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from nabij.model.ids import PartnerId, ShareCategory
from nabij.store import couples, keys
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
    keys: KeyContext = field(repr=False)
    # True while the couple key has not reached both partners, or a partner's couple copies
    # are not written yet: some of what the partner shares cannot be shown until then.
    waiting: bool = False
    # Whether this user's couple copies still have to be written, and whether the partner
    # still needs the couple key from them (``couple_keys.settle``).
    copies_due: bool = False
    key_due: bool = False

    @property
    def slot(self) -> PartnerId:
        """Return the user's place in the couple record (``a`` when alone)."""
        return PartnerId(self.membership.slot) if self.membership else PartnerId.A

    @property
    def consented(self) -> bool:
        """Return whether the user accepted the consent notice."""
        return self.user.consent_version is not None


def viewer(db: Session, user: User, data_key: bytes) -> Viewer:
    """Return the viewer for ``user`` as things stand now (shares are read fresh every time),
    holding the keys ``data_key`` opens."""
    found = couples.standing(db, user.id)
    partner_id = found.partner.id if found.partner else None
    couple = None
    if found.membership is not None:
        couple = keys.couple_keys(db, found.membership.couple_id, user, data_key, partner_id)
    return Viewer(
        user=user,
        membership=found.membership,
        partner=found.partner,
        own_shares=found.own_shares,
        partner_shares=found.partner_shares if found.partner else frozenset(),
        keys=KeyContext(user.id, partner_id, data_key, couple.opener if couple else None),
        waiting=couple is not None and couple.waiting,
        copies_due=couple is not None and couple.opener is not None and not couple.copied,
        key_due=couple is not None and couple.partner_due,
    )
