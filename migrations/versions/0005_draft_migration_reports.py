"""draft migration reports: revision.migration and the focal point's response.notice

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 10:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice', JSON, nullable=True))
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('migration', JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_column('migration')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('notice')
