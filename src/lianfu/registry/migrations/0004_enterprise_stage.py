"""The derived stage moves from restart to the registry (an attribute of the
enterprise that apps below the four-sync workflow read). State only: the table
stays restart_enterprisestage, its rows untouched."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0003_town_alias"),
        ("restart", "0004_check_constraints"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EnterpriseStage",
                    fields=[
                        ("enterprise", models.OneToOneField(
                            on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                            related_name="stage_record", serialize=False, to="registry.enterprise",
                            verbose_name="enterprise")),
                        ("stage", models.CharField(
                            choices=[("not_surveyed", "Not surveyed"), ("surveyed", "Surveyed"), ("filed", "Filed"),
                                     ("approved", "Approved"), ("prevention_passed", "Prevention passed"),
                                     ("restarted", "Restarted")],
                            db_index=True, default="not_surveyed", max_length=20, verbose_name="stage")),
                        ("since", models.DateTimeField(verbose_name="since")),
                    ],
                    options={
                        "verbose_name": "enterprise stage",
                        "verbose_name_plural": "enterprise stages",
                        "db_table": "restart_enterprisestage",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
