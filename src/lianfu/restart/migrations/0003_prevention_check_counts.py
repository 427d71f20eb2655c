"""A prevention check counts its results (measures, measures in place), for
the rows already there too, so that 0004 can refuse a pass with one missing.
Data and constraints in two migrations: PostgreSQL refuses ALTER TABLE in a
transaction that still has trigger events pending from its own UPDATEs."""

from django.db import migrations, models


def count_measures(apps, schema_editor):
    PreventionCheck = apps.get_model("restart", "PreventionCheck")
    checks = list(PreventionCheck.objects.only("id", "results"))
    for check in checks:
        results = check.results or {}
        check.measures = len(results)
        check.measures_done = sum(1 for done in results.values() if done is True)
    PreventionCheck.objects.bulk_update(checks, ["measures", "measures_done"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('restart', '0002_chainfiling_preventioncheck_preventionguide_and_more'),
    ]

    operations = [
        migrations.AddField(
            model_name='preventioncheck',
            name='measures',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='measures checked'),
        ),
        migrations.AddField(
            model_name='preventioncheck',
            name='measures_done',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='measures in place'),
        ),
        migrations.RunPython(count_measures, migrations.RunPython.noop),
    ]
