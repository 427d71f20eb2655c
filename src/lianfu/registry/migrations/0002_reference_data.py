"""Load divisions, old division codes and industries from registry/data/.

Idempotent (adds only missing rows), so a later data refresh can ship as a new
migration calling the same loaders."""
from django.db import migrations

from lianfu.registry import reference_data


def load(apps, schema_editor):
    Division = apps.get_model("registry", "Division")
    reference_data.load_divisions(Division)
    reference_data.load_division_aliases(apps.get_model("registry", "DivisionAlias"), Division)
    reference_data.load_industries(apps.get_model("registry", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
