"""Each role's anchor exactly: the one its role needs, the other two empty
(the constraint it replaces only asked for the needed one). Anchors a role
does not use were never read for its reach; they are cleared first, so an
existing database migrates."""
from django.db import migrations, models

MESSAGE = 'A role has exactly its own anchor and no other: a division for county, town, liaison and labour officers, a department for department staff, an enterprise for enterprise users, none for administrators.'
DIVISION_ROLES = ["county_officer", "town_officer", "liaison_officer", "labour_officer"]


def clear_unused_anchors(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(role__in=DIVISION_ROLES).update(department=None, enterprise=None)
    User.objects.filter(role="department_staff").update(division=None, enterprise=None)
    User.objects.filter(role="enterprise_user").update(division=None, department=None)
    User.objects.filter(role="administrator").update(division=None, department=None, enterprise=None)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='user_role_has_its_anchor',
        ),
        migrations.RunPython(clear_unused_anchors, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['county_officer', 'town_officer', 'department_staff', 'liaison_officer', 'enterprise_user', 'labour_officer', 'administrator'])), name='user_role_is_known'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'county_officer'), _negated=True), models.Q(('department__isnull', True), ('division__isnull', False), ('enterprise__isnull', True)), _connector='OR'), name='user_county_officer_anchor', violation_error_message=MESSAGE),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'town_officer'), _negated=True), models.Q(('department__isnull', True), ('division__isnull', False), ('enterprise__isnull', True)), _connector='OR'), name='user_town_officer_anchor', violation_error_message=MESSAGE),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'department_staff'), _negated=True), models.Q(('department__isnull', False), ('division__isnull', True), ('enterprise__isnull', True)), _connector='OR'), name='user_department_staff_anchor', violation_error_message=MESSAGE),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'liaison_officer'), _negated=True), models.Q(('department__isnull', True), ('division__isnull', False), ('enterprise__isnull', True)), _connector='OR'), name='user_liaison_officer_anchor', violation_error_message=MESSAGE),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'enterprise_user'), _negated=True), models.Q(('department__isnull', True), ('division__isnull', True), ('enterprise__isnull', False)), _connector='OR'), name='user_enterprise_user_anchor', violation_error_message=MESSAGE),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'labour_officer'), _negated=True), models.Q(('department__isnull', True), ('division__isnull', False), ('enterprise__isnull', True)), _connector='OR'), name='user_labour_officer_anchor', violation_error_message=MESSAGE),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'administrator'), _negated=True), models.Q(('department__isnull', True), ('division__isnull', True), ('enterprise__isnull', True)), _connector='OR'), name='user_administrator_anchor', violation_error_message=MESSAGE),
        ),
    ]
