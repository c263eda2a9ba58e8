"""Workshops: a read-only projector token (hashed) and the participants' consent to share their words.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Plain ADD COLUMN with a default works on SQLite and PostgreSQL alike: no table rebuild.
    op.add_column("ui_workshops", sa.Column("projector_hash", sa.Text, nullable=False, server_default=""))
    op.add_column("ui_workshop_participants", sa.Column("share_text", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("ui_workshop_participants") as batch:
        batch.drop_column("share_text")
    with op.batch_alter_table("ui_workshops") as batch:
        batch.drop_column("projector_hash")
