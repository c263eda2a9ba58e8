"""Fixed-window rate-limit counters shared by all replicas.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_windows",
        sa.Column("client_key", sa.Text, primary_key=True),
        sa.Column("window_start", sa.Integer, primary_key=True),
        sa.Column("hits", sa.Integer, nullable=False),
    )
    op.create_index("rate_limit_windows_by_start", "rate_limit_windows", ["window_start"])


def downgrade() -> None:
    op.drop_table("rate_limit_windows")
