"""Engine runs now belong to the analysis app (same table): state only."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("chains", "0002_enginerun"),
        ("analysis", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="EngineRun")],
            database_operations=[],
        ),
    ]
