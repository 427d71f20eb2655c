"""A user's role and anchors agree, in the database and in the rules.

Each role needs exactly its anchor (a division, a department, an enterprise,
or none for an administrator) and none of the others; the database refuses
any other combination, and the predicates about anchors check the role too."""
import pytest
from django.db import IntegrityError, transaction

from lianfu.accounts.models import User
from lianfu.common.predicates import is_own_county, is_own_enterprise
from lianfu.common.roles import ANCHOR_OF_ROLE, ANCHORS, Role
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.rules import ticket_of_own_enterprise, ticket_within_division
from lianfu.registry.models import Department, Division
from tests.chains.conftest import chain, net  # noqa: F401  (the hand-built network)
from tests.conftest import COUNTY, TOWN_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchors(firm_x):
    department = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy")
    return {"division": TOWN_A, "department": department.pk, "enterprise": firm_x.pk}


def make_user(role, anchors, *fields):
    return User.objects.create(username=f"u_{role}_{'_'.join(fields) or 'none'}", role=role,
                               **{f"{field}_id": anchors[field] for field in fields})


@pytest.mark.parametrize("role", list(Role))
def test_each_role_with_exactly_its_anchor_is_stored(anchors, role):
    anchor = ANCHOR_OF_ROLE[role]
    user = make_user(role, anchors, *([anchor] if anchor else []))
    assert User.objects.filter(pk=user.pk, role=role).exists()


def wrong_combinations():
    """Every role with its anchor missing, or with one anchor too many."""
    for role in Role:
        anchor = ANCHOR_OF_ROLE[role]
        if anchor:
            yield pytest.param(role, (), id=f"{role.value}-without-{anchor}")
        for extra in ANCHORS:
            if extra != anchor:
                fields = (anchor, extra) if anchor else (extra,)
                yield pytest.param(role, fields, id=f"{role.value}-with-{'-and-'.join(fields)}")


@pytest.mark.parametrize(("role", "fields"), list(wrong_combinations()))
def test_a_role_with_a_missing_or_an_extra_anchor_is_refused_by_the_database(anchors, role, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user(role, anchors, *fields)


def test_an_unknown_role_is_refused_by_the_database(anchors):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="u_nobody", role="", division_id=TOWN_A)


def test_an_update_that_adds_a_second_anchor_is_refused_too(anchors):
    user = make_user(Role.TOWN_OFFICER, anchors, "division")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(enterprise_id=anchors["enterprise"])


def test_the_constraint_is_reported_as_a_validation_error_in_forms(anchors):
    """The admin's user form validates constraints before saving: a message, not a 500."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    user = User(username="u_form", role=Role.TOWN_OFFICER, division_id=TOWN_A, enterprise_id=anchors["enterprise"])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        user.validate_constraints()
    assert "exactly its own anchor" in str(refused.value)


# The rules: a user whose anchors disagree with the role (built in memory, since
# the database refuses to store one) is not taken for what the anchor says.

def test_own_enterprise_needs_the_enterprise_role(firm_x):
    assert is_own_enterprise(User(role=Role.ENTERPRISE_USER, enterprise_id=firm_x.pk), firm_x)
    assert not is_own_enterprise(User(role=Role.TOWN_OFFICER, division_id=TOWN_A, enterprise_id=firm_x.pk), firm_x)
    assert not is_own_enterprise(User(role=Role.DEPARTMENT_STAFF, enterprise_id=firm_x.pk), firm_x)


def test_own_county_needs_the_county_officer_role():
    county = Division.objects.get(code=COUNTY)
    assert is_own_county(User(role=Role.COUNTY_OFFICER, division_id=COUNTY), county)
    assert not is_own_county(User(role=Role.TOWN_OFFICER, division_id=COUNTY), county)
    assert not is_own_county(User(role=Role.LABOUR_OFFICER, division_id=COUNTY), county)
    assert not is_own_county(User(role=Role.ENTERPRISE_USER, division_id=COUNTY), county)


def test_ticket_predicates_need_the_role_their_anchor_belongs_to(firm_x):
    ticket = Ticket(enterprise=firm_x, town_id=TOWN_A)
    assert ticket_of_own_enterprise(User(role=Role.ENTERPRISE_USER, enterprise_id=firm_x.pk), ticket)
    assert not ticket_of_own_enterprise(User(role=Role.LIAISON_OFFICER, division_id=TOWN_A,
                                             enterprise_id=firm_x.pk), ticket)
    assert ticket_within_division(User(role=Role.TOWN_OFFICER, division_id=TOWN_A), ticket)
    assert not ticket_within_division(User(role=Role.ENTERPRISE_USER, division_id=TOWN_A,
                                           enterprise_id=firm_x.pk), ticket)
    assert not ticket_within_division(User(role=Role.DEPARTMENT_STAFF, division_id=COUNTY), ticket)


def test_chain_membership_needs_the_enterprise_role(net, chain):
    from lianfu.restart.rules import is_chain_member

    member = net["a"]
    assert is_chain_member(User(role=Role.ENTERPRISE_USER, enterprise_id=member.pk), chain)
    assert not is_chain_member(User(role=Role.TOWN_OFFICER, division_id=TOWN_A, enterprise_id=member.pk), chain)
