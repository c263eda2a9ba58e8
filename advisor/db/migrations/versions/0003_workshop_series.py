"""Workshop series: series, rounds with join codes, companies and their keys, attendance per
round (readiness, check-in, AI use stage), action plans and evidence.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "series_series",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False, server_default=""),
        sa.Column("organiser", sa.Text, nullable=False, server_default=""),
        sa.Column("planned_dates", sa.Text, nullable=False, server_default="[]"),
        sa.Column("key_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "series_rounds",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("series_id", sa.Text, sa.ForeignKey("series_series.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("code", sa.Text, nullable=False, unique=True),
        sa.Column("opened_at", sa.Text, nullable=False),
        sa.Column("closed", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("series_id", "number", name="series_rounds_number"),
    )
    op.create_table(
        "series_companies",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("series_id", sa.Text, sa.ForeignKey("series_series.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("session_id", sa.Text, nullable=False),
        sa.Column("joined_at", sa.Text, nullable=False),
        sa.Column("consent_quote", sa.Integer, nullable=False, server_default="0"),
        sa.Column("consent_case", sa.Integer, nullable=False, server_default="0"),
        sa.Column("case_challenge", sa.Text, nullable=False, server_default=""),
        sa.Column("case_approach", sa.Text, nullable=False, server_default=""),
        sa.Column("case_result", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("series_companies_by_series", "series_companies", ["series_id"])
    op.create_table(
        "series_company_keys",
        sa.Column("key_hash", sa.Text, primary_key=True),
        sa.Column("company_id", sa.Text, sa.ForeignKey("series_companies.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("series_company_keys_by_company", "series_company_keys", ["company_id"])
    op.create_table(
        "series_attendance",
        sa.Column("company_id", sa.Text, sa.ForeignKey("series_companies.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("round_number", sa.Integer, primary_key=True),
        sa.Column("joined_at", sa.Text, nullable=False),
        sa.Column("readiness", sa.Text, nullable=False, server_default="{}"),
        sa.Column("checkin_done", sa.Text, nullable=False, server_default=""),
        sa.Column("checkin_learned", sa.Text, nullable=False, server_default=""),
        sa.Column("stage", sa.Text, nullable=False, server_default=""),
        sa.Column("stage_confirmed", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "series_actions",
        sa.Column("company_id", sa.Text, sa.ForeignKey("series_companies.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("due_round", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "series_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("company_id", sa.Text, sa.ForeignKey("series_companies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("round_number", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("figure", sa.Float, nullable=False),
        sa.Column("words", sa.Text, nullable=False),
    )
    op.create_index("series_evidence_by_company", "series_evidence", ["company_id"])


def downgrade() -> None:
    for table in ("series_evidence", "series_actions", "series_attendance", "series_company_keys", "series_companies",
                  "series_rounds", "series_series"):
        op.drop_table(table)
