"""The stage row now belongs to registry.EnterpriseStage (same table): state only."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("restart", "0004_check_constraints"),
        ("registry", "0004_enterprise_stage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="EnterpriseStage")],
            database_operations=[],
        ),
    ]
