"""The rules the forms and the API check, held by the database too."""

import django.db.models.expressions
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('restart', '0003_prevention_check_counts'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='checklistitem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('code', ''), _negated=True), models.Q(('text_zh', ''), _negated=True)), name='checklist_item_has_code_and_text'),
        ),
        migrations.AddConstraint(
            model_name='filing',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'awaiting_member'), ('headcount_planned__isnull', False), _connector='OR'), name='filing_submitted_has_headcount'),
        ),
        migrations.AddConstraint(
            model_name='filing',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'returned'), _negated=True), models.Q(('return_reason', ''), _negated=True), _connector='OR'), name='filing_returned_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='preventioncheck',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'self'), ('passed__isnull', True)), models.Q(('kind', 'inspection'), ('passed__isnull', False)), _connector='OR'), name='check_verdict_only_for_inspections'),
        ),
        migrations.AddConstraint(
            model_name='preventioncheck',
            constraint=models.CheckConstraint(condition=models.Q(('measures_done__lte', models.F('measures'))), name='check_done_within_measures'),
        ),
        migrations.AddConstraint(
            model_name='preventioncheck',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('passed', True), _negated=True), models.Q(('measures__gt', 0), ('measures_done', models.F('measures'))), _connector='OR'), name='inspection_pass_has_every_measure'),
        ),
        migrations.AddConstraint(
            model_name='preventioncheck',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('passed', False), _negated=True), models.Q(('remarks', ''), _negated=True), _connector='OR'), name='inspection_fail_has_remarks'),
        ),
        migrations.AddConstraint(
            model_name='restartconfirmation',
            constraint=models.CheckConstraint(condition=models.Q(('capacity_pct__lte', 100)), name='restart_capacity_percent'),
        ),
        migrations.AddConstraint(
            model_name='suppliesledger',
            constraint=models.CheckConstraint(condition=models.Q(('disinfectant_litres__gte', 0)), name='ledger_litres_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='suppliestransfer',
            constraint=models.CheckConstraint(condition=models.Q(('disinfectant_litres__gte', 0)), name='transfer_litres_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='suppliestransfer',
            constraint=models.CheckConstraint(condition=models.Q(('masks__gt', 0), ('thermometers__gt', 0), ('disinfectant_litres__gt', 0), _connector='OR'), name='transfer_moves_something'),
        ),
        migrations.AddConstraint(
            model_name='survey',
            constraint=models.CheckConstraint(condition=models.Q(('headcount_away__lte', django.db.models.expressions.CombinedExpression(models.F('headcount_total'), '-', models.F('headcount_on_duty')))), name='survey_away_within_headcount'),
        ),
        migrations.AddConstraint(
            model_name='survey',
            constraint=models.CheckConstraint(condition=models.Q(('stock_days__isnull', True), ('stock_days__gte', 0), _connector='OR'), name='survey_stock_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='survey',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('needs'), 2000), name='survey_needs_length'),
        ),
    ]
