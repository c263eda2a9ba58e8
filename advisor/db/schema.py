"""Every table of the advisor's state, as SQLAlchemy Core metadata (SQLite and PostgreSQL alike).

The schema is owned by the Alembic revisions in ``advisor/db/migrations/versions``; this module is
what the code queries. Adding a table = add it here, then add a revision that creates it (see
``advisor/db/migrations/README.md``). Timestamps stay ISO-8601 text, as they were in the first
SQLite files, so that rows written before the move to SQLAlchemy compare and sort the same way.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text, UniqueConstraint

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
    Column("projector_hash", Text, nullable=False, server_default=""),  # SHA-256 of the projector token
)

ui_workshop_participants = Table(
    "ui_workshop_participants", metadata,
    Column("id", Text, primary_key=True),
    Column("workshop_id", Text, ForeignKey("ui_workshops.id"), nullable=False),
    Column("session_id", Text, nullable=False, unique=True),
    Column("company", Text, nullable=False),
    Column("joined_at", Text, nullable=False),
    Column("readiness", Text, nullable=False, server_default="{}"),
    Column("share_text", Integer, nullable=False, server_default="0"),  # consent to show their words to the room
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

# Failed guesses of a secret (facilitator token/keys, join codes) per gate and client: the delay and
# lockout hold on every replica. Times are unix seconds (wall clock: shared by all machines).
failure_gates = Table(
    "failure_gates", metadata,
    Column("what", Text, primary_key=True),  # which gate ("workshop join code", ...)
    Column("client_key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("allowed_at", Float, nullable=False),  # no attempt is checked before this time
    Column("updated_at", Float, nullable=False),  # the last failure
    Index("failure_gates_by_allowed_at", "allowed_at"),
)

# --- workshop series (advisor.workshops.store) -------------------------------------------------------
# Booleans are Integer 0/1 like ui_workshops.closed; secrets are stored as SHA-256 hashes only.

series_series = Table(
    "series_series", metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("region", Text, nullable=False, server_default=""),
    Column("organiser", Text, nullable=False, server_default=""),
    Column("planned_dates", Text, nullable=False, server_default="[]"),  # JSON list of date strings
    Column("key_hash", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

series_rounds = Table(
    "series_rounds", metadata,
    Column("id", Text, primary_key=True),
    Column("series_id", Text, ForeignKey("series_series.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("code", Text, nullable=False, unique=True),
    Column("opened_at", Text, nullable=False),
    Column("closed", Integer, nullable=False, server_default="0"),
    UniqueConstraint("series_id", "number", name="series_rounds_number"),
)

series_companies = Table(
    "series_companies", metadata,
    Column("id", Text, primary_key=True),
    Column("series_id", Text, ForeignKey("series_series.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("session_id", Text, nullable=False),  # the company's advisor session (its profile)
    Column("joined_at", Text, nullable=False),
    Column("consent_quote", Integer, nullable=False, server_default="0"),
    Column("consent_case", Integer, nullable=False, server_default="0"),
    Column("case_challenge", Text, nullable=False, server_default=""),
    Column("case_approach", Text, nullable=False, server_default=""),
    Column("case_result", Text, nullable=False, server_default=""),
    Index("series_companies_by_series", "series_id"),
)

series_company_keys = Table(
    "series_company_keys", metadata,
    Column("key_hash", Text, primary_key=True),
    Column("company_id", Text, ForeignKey("series_companies.id", ondelete="CASCADE"), nullable=False),
    Index("series_company_keys_by_company", "company_id"),
)

series_attendance = Table(
    "series_attendance", metadata,
    Column("company_id", Text, ForeignKey("series_companies.id", ondelete="CASCADE"), primary_key=True),
    Column("round_number", Integer, primary_key=True),
    Column("joined_at", Text, nullable=False),
    Column("readiness", Text, nullable=False, server_default="{}"),  # JSON: item id -> はい/一部/いいえ
    Column("checkin_done", Text, nullable=False, server_default=""),
    Column("checkin_learned", Text, nullable=False, server_default=""),
    Column("stage", Text, nullable=False, server_default=""),
    Column("stage_confirmed", Integer, nullable=False, server_default="0"),
)

series_actions = Table(
    "series_actions", metadata,
    Column("company_id", Text, ForeignKey("series_companies.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("due_round", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("updated_at", Text, nullable=False),
)

series_evidence = Table(
    "series_evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("company_id", Text, ForeignKey("series_companies.id", ondelete="CASCADE"), nullable=False),
    Column("round_number", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("figure", Float, nullable=False),
    Column("words", Text, nullable=False),
    Index("series_evidence_by_company", "company_id"),
)
