"""Incidents imported from other datasets (ACLED, UCDP GED) beside those Rasid coded,
and the alerts that fired.

``articles.dataset`` names the dataset an imported row came from (NULL for an
article Rasid coded); ``clusters.origin`` is "rasid" or that dataset, so counts,
trends and exports can keep the two apart or compare them.  ``alerts`` holds one
row per rule, unit and period that fired, so a rerun does not send it again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dataset", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_dataset"), ["dataset"], unique=False)
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=32), nullable=False, server_default="rasid")
        )
        batch_op.create_index(batch_op.f("ix_clusters_origin"), ["origin"], unique=False)
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule", sa.String(length=128), nullable=False),
        sa.Column("unit", sa.String(length=256), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("deliveries", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("rule", "unit", "period", name=op.f("uq_alerts_rule_unit_period")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_as_of"), ["as_of"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_as_of"))
    op.drop_table("alerts")
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clusters_origin"))
        batch_op.drop_column("origin")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_dataset"))
        batch_op.drop_column("dataset")
