"""Encryption at rest: the users' keys, session-wrapped keys, couple keys, couple copies,
operator reset tokens, discreet mode and the session list's device details.

Data stored before this revision was plain text and cannot be encrypted without each user's
password, so every account and what hangs from it is dropped (nothing was released yet; the
CHANGELOG says so).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DROPPED = (
    "shares", "sessions", "members", "invites", "intakes", "drafts", "checkins",
    "users", "throttle", "couples",
)  # fmt: skip


def upgrade() -> None:
    for table in _DROPPED:
        op.execute(sa.text(f"DELETE FROM {table}"))  # nosec B608 - fixed table names
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("discreet", sa.Boolean(), nullable=False))
        for name in ("key_salt", "key_by_password", "key_by_recovery", "public_key", "private_key"):
            batch.add_column(sa.Column(name, sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("wrapped_key", sa.LargeBinary(), nullable=False))
        batch.add_column(sa.Column("address", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("user_agent", sa.String(length=200), nullable=True))
    with op.batch_alter_table("intakes") as batch:
        batch.add_column(sa.Column("answers_couple", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("note_couple", sa.LargeBinary(), nullable=True))
    op.create_table(
        "couple_keys",
        sa.Column("couple_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("copied", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["couple_id"], ["couples.id"],
            name=op.f("fk_couple_keys_couple_id_couples"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_couple_keys_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("couple_id", "user_id", name=op.f("pk_couple_keys")),
    )  # fmt: skip
    op.create_table(
        "reset_tokens",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_reset_tokens_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reset_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_reset_tokens_token_hash")),
    )  # fmt: skip
    op.create_index(op.f("ix_reset_tokens_user_id"), "reset_tokens", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_reset_tokens_user_id"), table_name="reset_tokens")
    op.drop_table("reset_tokens")
    op.drop_table("couple_keys")
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("note_couple")
    with op.batch_alter_table("intakes") as batch:
        batch.drop_column("answers_couple")
    with op.batch_alter_table("sessions") as batch:
        for name in ("user_agent", "address", "wrapped_key"):
            batch.drop_column(name)
    with op.batch_alter_table("users") as batch:
        for name in ("private_key", "public_key", "key_by_recovery", "key_by_password"):
            batch.drop_column(name)
        batch.drop_column("key_salt")
        batch.drop_column("discreet")
