from django.db import migrations, models
import django.db.models.deletion


def build(apps, schema_editor):
    """The rows of the state changes already stored. Reads and writes by SQL on
    the two tables' names (workforce/roster_days.py), not through the models."""
    from lianfu.workforce import roster_days

    roster_days.rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_enterprise_stage'),
        ('workforce', '0005_worker_phone_hash'),
    ]

    operations = [
        migrations.CreateModel(
            name='RosterDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('headcount_change', models.IntegerField(default=0)),
                ('on_duty_change', models.IntegerField(default=0)),
                ('changes', models.IntegerField(default=0)),
                ('enterprise', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                                 related_name='+', to='registry.enterprise')),
            ],
            options={
                'verbose_name': 'roster day',
                'verbose_name_plural': 'roster days',
                'constraints': [models.UniqueConstraint(fields=('enterprise', 'day'), name='roster_day_once_per_firm')],
            },
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
