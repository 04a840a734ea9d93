"""Passing the couple key on, and writing the couple copies, when a partner is there to do it.

Only someone who holds the couple key can seal it to a partner who joined, and only the owner
of a text can copy it under the couple key. Both happen at that person's next login or next
form they send (never on a page view, which changes nothing): until then the other sees
"waiting for your partner" where those shared texts will be.
"""

from sqlalchemy.orm import Session

from nabij.services.people import Viewer
from nabij.store import keys, records


def settle(db: Session, who: Viewer) -> bool:
    """Seal the couple key to a partner who lacks it and write ``who``'s couple copies if due;
    return whether anything was written (the caller commits)."""
    if who.membership is None or not (who.key_due or who.copies_due):
        return False  # the usual case: nothing to do, and the couple key stays unopened
    couple_key = who.keys.couple_key
    if couple_key is None:  # pragma: no cover - both flags need the key to have reached us
        return False
    changed = False
    if who.partner is not None and who.key_due:
        changed = keys.deliver(db, who.membership.couple_id, couple_key, who.partner)
    if who.copies_due:
        records.sync_couple_copies(db, who.keys, who.own_shares)
        keys.mark_copied(db, who.membership.couple_id, who.user.id)
        changed = True
    return changed
