"""A liaison officer's reach (docs/liaison.md, "Reach"): they act for the firms
and buildings assigned to them now, and read their town and the rest of their
service team's towns; a team leader reads the whole team's towns."""
from django.db.models import Q
from django_scopes import scopes_disabled

from lianfu.liaison.models import Assignment, ServiceTeam, TeamTown


def looks_after(user, enterprise_id: int) -> bool:
    """One indexed read (officer, until); registered with common.assigned."""
    with scopes_disabled():
        return Assignment.objects.filter(officer_id=user.pk, enterprise_id=enterprise_id,
                                         until__isnull=True).exists()


def looks_after_building(user, building_id: int) -> bool:
    with scopes_disabled():
        return Assignment.objects.filter(officer_id=user.pk, building_id=building_id, until__isnull=True).exists()


def reading_towns(user) -> list[str]:
    """The towns of the team a liaison officer belongs to or leads; registered
    with common.assigned, read by common.scoping.scope_for (once per request)."""
    with scopes_disabled():
        return list(TeamTown.objects.filter(Q(team__members__officer_id=user.pk) | Q(team__leader_id=user.pk))
                    .order_by("town_id").values_list("town_id", flat=True).distinct())


def teams_led(user) -> list[ServiceTeam]:
    if not getattr(user, "is_authenticated", False):
        return []
    with scopes_disabled():
        return list(ServiceTeam.objects.filter(leader_id=user.pk).order_by("name"))


def team_towns(team) -> list[str]:
    with scopes_disabled():
        return list(TeamTown.objects.filter(team=team).order_by("town_id").values_list("town_id", flat=True))
