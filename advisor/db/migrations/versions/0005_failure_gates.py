"""Failed-guess counters (delay and lockout for guessable secrets) shared by all replicas.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "failure_gates",
        sa.Column("what", sa.Text, primary_key=True),
        sa.Column("client_key", sa.Text, primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("allowed_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("failure_gates_by_allowed_at", "failure_gates", ["allowed_at"])


def downgrade() -> None:
    op.drop_table("failure_gates")
