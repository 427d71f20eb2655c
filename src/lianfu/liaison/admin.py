"""Until the county's pages land, teams, members and rules are kept in the admin."""
from django.contrib import admin

from lianfu.liaison.models import Assignment, AssignmentRule, Proposal, ServiceTeam, TeamMember, TeamTown


class TeamTownInline(admin.TabularInline):
    model = TeamTown
    raw_id_fields = ("town",)
    extra = 0


@admin.register(ServiceTeam)
class ServiceTeamAdmin(admin.ModelAdmin):
    list_display = ("name", "county", "leader")
    raw_id_fields = ("county", "leader")
    inlines = [TeamTownInline]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ("officer", "team", "joined_on")
    raw_id_fields = ("officer", "team")


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    list_display = ("county", "kind", "officers", "threshold", "active")
    list_filter = ("kind", "active")
    raw_id_fields = ("county",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("officer", "enterprise", "building", "since", "until")
    raw_id_fields = ("officer", "enterprise", "building", "proposal")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("county", "state", "created_at", "applied_at")
    readonly_fields = ("pairs", "summary")
