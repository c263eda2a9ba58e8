"""The schema as it was before Alembic: conversations and workshops.

Files created by the SQLite-only code (PRAGMA user_version = 1, no alembic_version table) already
hold some or all of these tables with their rows; this revision adopts them as they are and creates
only what is missing, so an existing database migrates in place without losing anything.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _missing("sessions"):
        op.create_table(
            "sessions",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("kind", sa.Text, nullable=False, server_default="owner"),
            sa.Column("profile_json", sa.Text, nullable=False, server_default="{}"),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
        )
    if _missing("messages"):
        op.create_table(
            "messages",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("intent", sa.Text, nullable=False, server_default=""),
            sa.Column("payload_json", sa.Text, nullable=False, server_default="{}"),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.CheckConstraint("role IN ('user', 'assistant')", name="messages_role"),
        )
        op.create_index("messages_by_session", "messages", ["session_id", "id"])
    if _missing("feedback"):
        op.create_table(
            "feedback",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
            sa.Column("message_id", sa.Integer, sa.ForeignKey("messages.id", ondelete="CASCADE"), nullable=False),
            sa.Column("rating", sa.Integer, nullable=False),
            sa.Column("comment", sa.Text, nullable=False, server_default=""),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.CheckConstraint("rating IN (-1, 1)", name="feedback_rating"),
        )
    if _missing("ui_workshops"):
        op.create_table(
            "ui_workshops",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("code", sa.Text, nullable=False, unique=True),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("key_hash", sa.Text, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("closed", sa.Integer, nullable=False, server_default="0"),
        )
    if _missing("ui_workshop_participants"):
        op.create_table(
            "ui_workshop_participants",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("workshop_id", sa.Text, sa.ForeignKey("ui_workshops.id"), nullable=False),
            sa.Column("session_id", sa.Text, nullable=False, unique=True),
            sa.Column("company", sa.Text, nullable=False),
            sa.Column("joined_at", sa.Text, nullable=False),
            sa.Column("readiness", sa.Text, nullable=False, server_default="{}"),
        )
        op.create_index("ui_workshop_participants_ws", "ui_workshop_participants", ["workshop_id"])


def downgrade() -> None:
    for name in ("ui_workshop_participants", "ui_workshops", "feedback", "messages", "sessions"):
        op.drop_table(name)
