"""Every table of the advisor's state, as SQLAlchemy Core metadata (SQLite and PostgreSQL alike).

The schema is owned by the Alembic revisions in ``advisor/db/migrations/versions``; this module is
what the code queries. Adding a table = add it here, then add a revision that creates it (see
``advisor/db/migrations/README.md``). Timestamps stay ISO-8601 text, as they were in the first
SQLite files, so that rows written before the move to SQLAlchemy compare and sort the same way.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, Table, Text

metadata = MetaData()

# --- conversations (advisor.session) ----------------------------------------------------------------

sessions = Table(
    "sessions", metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False, server_default="owner"),
    Column("profile_json", Text, nullable=False, server_default="{}"),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

messages = Table(
    "messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Text, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("intent", Text, nullable=False, server_default=""),
    Column("payload_json", Text, nullable=False, server_default="{}"),
    Column("created_at", Text, nullable=False),
    CheckConstraint("role IN ('user', 'assistant')", name="messages_role"),
    Index("messages_by_session", "session_id", "id"),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Text, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("message_id", Integer, ForeignKey("messages.id", ondelete="CASCADE"), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    CheckConstraint("rating IN (-1, 1)", name="feedback_rating"),
)

# --- workshops (advisor.ui.workshop) ----------------------------------------------------------------

ui_workshops = Table(
    "ui_workshops", metadata,
    Column("id", Text, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("key_hash", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("closed", Integer, nullable=False, server_default="0"),
)

ui_workshop_participants = Table(
    "ui_workshop_participants", metadata,
    Column("id", Text, primary_key=True),
    Column("workshop_id", Text, ForeignKey("ui_workshops.id"), nullable=False),
    Column("session_id", Text, nullable=False, unique=True),
    Column("company", Text, nullable=False),
    Column("joined_at", Text, nullable=False),
    Column("readiness", Text, nullable=False, server_default="{}"),
    Index("ui_workshop_participants_ws", "workshop_id"),
)

# --- limits shared by all replicas (advisor.ui.service) ---------------------------------------------

rate_limit_windows = Table(
    "rate_limit_windows", metadata,
    Column("client_key", Text, primary_key=True),
    Column("window_start", Integer, primary_key=True),  # unix seconds, a multiple of the window length
    Column("hits", Integer, nullable=False),
    Index("rate_limit_windows_by_start", "window_start"),
)
