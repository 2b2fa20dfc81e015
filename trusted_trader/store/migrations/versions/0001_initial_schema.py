"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 12:13:41.307502
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.Text(), server_default='{}', nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_partner_at', ['partner_id', 'at'], unique=False)

    op.create_table('center',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('office', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('account_executive',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    with op.batch_alter_table('account_executive', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_executive_center_id'), ['center_id'], unique=False)

    op.create_table('center_coverage',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('hts_prefix', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('center_id', 'hts_prefix')
    )
    with op.batch_alter_table('center_coverage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_center_coverage_center_id'), ['center_id'], unique=False)

    op.create_table('partner',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('legal_name', sa.String(length=200), nullable=False),
    sa.Column('dba', sa.String(length=200), nullable=False),
    sa.Column('ctpat_account', sa.String(length=40), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=True),
    sa.Column('executive_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('risk_rating', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], ),
    sa.ForeignKeyConstraint(['executive_id'], ['account_executive.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_executive_id'), ['executive_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_legal_name'), ['legal_name'], unique=False)

    op.create_table('contact',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_partner_id'), ['partner_id'], unique=False)

    op.create_table('engagement_activity',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('participants', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('engagement_activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_partner_date', ['partner_id', 'occurred_on'], unique=False)

    op.create_table('engagement_plan',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('baseline_start', sa.Date(), nullable=False),
    sa.Column('baseline_end', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('review_cadence_months', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('engagement_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_plan_partner_id'), ['partner_id'], unique=False)

    op.create_table('monthly_volume',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('entered_value_usd', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('partner_id', 'month', name='uq_volume_partner_month')
    )
    op.create_table('partner_filer_code',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('filer_code', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('partner_id', 'filer_code')
    )
    with op.batch_alter_table('partner_filer_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_filer_code_partner_id'), ['partner_id'], unique=False)

    op.create_table('partner_ior',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('ior_number', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ior_number')
    )
    with op.batch_alter_table('partner_ior', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_ior_partner_id'), ['partner_id'], unique=False)

    op.create_table('program_enrollment',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('program', sa.String(length=24), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('certified_on', sa.Date(), nullable=True),
    sa.Column('last_validated_on', sa.Date(), nullable=True),
    sa.Column('last_reviewed_on', sa.Date(), nullable=True),
    sa.Column('anniversary', sa.Date(), nullable=True),
    sa.Column('foreign_program', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('program_enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_enrollment_partner_id'), ['partner_id'], unique=False)

    op.create_table('touch_point',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('port_code', sa.String(length=4), nullable=False),
    sa.Column('entry_number', sa.String(length=13), nullable=False),
    sa.Column('hts_number', sa.String(length=10), nullable=False),
    sa.Column('agency', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('response_due', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.create_index('ix_touch_point_partner_date_kind', ['partner_id', 'occurred_on', 'kind'], unique=False)
        batch_op.create_index('ix_touch_point_response_due', ['response_due'], unique=False)

    op.create_table('plan_action_item',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('owner_side', sa.String(length=16), nullable=False),
    sa.Column('owner_name', sa.String(length=120), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['engagement_plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_action_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_action_item_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_action_item_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_objective',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('measure', sa.String(length=40), nullable=False),
    sa.Column('baseline_value', sa.Float(), nullable=True),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('current_value', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['engagement_plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_objective', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_objective_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_review',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['engagement_plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_review_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_risk_area',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=32), nullable=False),
    sa.Column('rating', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['engagement_plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'area')
    )
    with op.batch_alter_table('plan_risk_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_risk_area_plan_id'), ['plan_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('plan_risk_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_risk_area_plan_id'))

    op.drop_table('plan_risk_area')
    with op.batch_alter_table('plan_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_review_plan_id'))

    op.drop_table('plan_review')
    with op.batch_alter_table('plan_objective', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_objective_plan_id'))

    op.drop_table('plan_objective')
    with op.batch_alter_table('plan_action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_action_item_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_action_item_due_on'))

    op.drop_table('plan_action_item')
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.drop_index('ix_touch_point_response_due')
        batch_op.drop_index('ix_touch_point_partner_date_kind')

    op.drop_table('touch_point')
    with op.batch_alter_table('program_enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_enrollment_partner_id'))

    op.drop_table('program_enrollment')
    with op.batch_alter_table('partner_ior', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_ior_partner_id'))

    op.drop_table('partner_ior')
    with op.batch_alter_table('partner_filer_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_filer_code_partner_id'))

    op.drop_table('partner_filer_code')
    op.drop_table('monthly_volume')
    with op.batch_alter_table('engagement_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_plan_partner_id'))

    op.drop_table('engagement_plan')
    with op.batch_alter_table('engagement_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_partner_date')

    op.drop_table('engagement_activity')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_partner_id'))

    op.drop_table('contact')
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_legal_name'))
        batch_op.drop_index(batch_op.f('ix_partner_executive_id'))
        batch_op.drop_index(batch_op.f('ix_partner_center_id'))

    op.drop_table('partner')
    with op.batch_alter_table('center_coverage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_center_coverage_center_id'))

    op.drop_table('center_coverage')
    with op.batch_alter_table('account_executive', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_executive_center_id'))

    op.drop_table('account_executive')
    op.drop_table('center')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_partner_at')

    op.drop_table('audit_log')
    
