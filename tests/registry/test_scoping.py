import pytest
from django_scopes import ScopeError, scope

from lianfu.common.scoping import scope_for
from lianfu.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def test_unscoped_enterprise_query_fails_loudly(firm_x):
    with pytest.raises(ScopeError):
        list(Enterprise.objects.all())


def test_anonymous_scope_has_no_dimensions_so_queries_fail():
    from django.contrib.auth.models import AnonymousUser
    with scope(**scope_for(AnonymousUser())), pytest.raises(ScopeError):
        Enterprise.objects.count()


@pytest.mark.parametrize("persona,expected", [
    ("county", {"firm_x", "firm_y"}), ("town_a", {"firm_x"}), ("town_b", {"firm_y"}),
    ("firm_x", {"firm_x"}), ("firm_y", {"firm_y"}), ("admin", {"firm_x", "firm_y"}),
])
def test_scope_for_each_persona(personas, firm_x, firm_y, persona, expected):
    names = {firm_x.pk: "firm_x", firm_y.pk: "firm_y"}
    with scope(**scope_for(personas[persona])):
        assert {names[pk] for pk in Enterprise.objects.values_list("pk", flat=True)} == expected
