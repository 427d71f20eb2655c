"""Demo step: service teams and liaison officers (千名干部助万企, docs/liaison.md).

One team per town, led by a senior official (the `town` login leads the home
town's); the office buildings of the county's business districts (the
registry step has a handful; about one for every 33 firms, some just around
the 5,000 m² line); about one officer for every 3.3 officer places the
standing rules ask for (≈1,000 officers on the county demo, most with three or
four firms and buildings), in proportion to each town's load; and the
assignment the county applied a month ago, drifted since the way a real one
does: a few officers left (their firms wait for someone), new officers joined
with nothing yet, and some firms became above-scale after it was made. The
`liaison` login is one of the home town's officers. `lianfu liaison assign`
then has real work: gaps to fill, load to even out, little to move. Last, the
officers' week of visits (demo/liaison_visits.py).
Deterministic per seed; written in bulk."""
import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.common.roles import Role
from lianfu.demo import names
from lianfu.demo.accounts_step import HOME_TOWN
from lianfu.demo.context import DEMO_PASSWORD, DemoContext
from lianfu.demo.liaison_visits import week_of_visits
from lianfu.liaison.assign import Officer, Problem, Team, Unit, greedy
from lianfu.liaison.demand import needs_of
from lianfu.liaison.models import Assignment, ServiceTeam, TeamMember, TeamTown
from lianfu.registry.models import Division, OfficeBuilding

EXTRA_BUILDINGS = {"tiny": 9, "small": 90, "county": 900}
AREAS = (2600, 3400, 4200, 4999, 5000, 5001, 6500, 8000, 12000, 18000, 26000, 41000)
UNITS_PER_OFFICER = 3.3
LEFT_SHARE, JOINED_SHARE, LATE_UNIT_SHARE = 0.05, 0.04, 0.03
ASSIGNED_DAYS_AGO = 30


def liaison_step(ctx: DemoContext) -> None:
    rng = ctx.rng("liaison")
    today = timezone.localtime(ctx.now).date()
    with scopes_disabled(), transaction.atomic():
        towns = ctx.towns()
        if not towns:
            return
        _buildings(ctx, rng, towns)
        teams = _teams(ctx, towns)
        needs = needs_of(ctx.county, today)
        by_town = {}
        for need in needs:
            by_town[need.town] = by_town.get(need.town, 0) + need.officers
        officers = _officers(ctx, rng, towns, teams, by_town)
        _old_assignment(ctx, rng, towns, teams, needs, officers, today)
        visits = week_of_visits(ctx)
        ctx.summary.append(f"liaison: {len(teams)} service teams, {sum(len(o) for o in officers.values()):,} "
                           f"officers, {len(needs):,} firms and buildings under the rules, "
                           f"{visits:,} visits in the last week")


def _buildings(ctx: DemoContext, rng, towns: list[Division]) -> None:
    districts = [t for t in towns if t.name.endswith("街道")] or towns
    OfficeBuilding.objects.bulk_create([
        OfficeBuilding(town=districts[i % len(districts)], floor_area_m2=rng.choice(AREAS),
                       name=f"{rng.choice(names.BRAND_CHARS)}{rng.choice(names.BRAND_CHARS)}"
                            f"{names.OFFICE_BUILDINGS[i % len(names.OFFICE_BUILDINGS)]}{i + 1}号楼",
                       address=f"{districts[i % len(districts)].name}{rng.choice(names.ROADS)}{rng.randint(1, 999)}号")
        for i in range(EXTRA_BUILDINGS[ctx.size])], ignore_conflicts=True)


def _teams(ctx: DemoContext, towns: list[Division]) -> dict[str, ServiceTeam]:
    password = make_password(DEMO_PASSWORD)
    home_leader = User.objects.filter(username="town").first()
    teams = {}
    for n, town in enumerate(towns, 1):
        leader = home_leader if town.name == HOME_TOWN and home_leader else User.objects.create(
            username=f"leader{n:02d}", role=Role.TOWN_OFFICER, division=town, password=password,
            first_name=f"{names.SURNAMES[n % len(names.SURNAMES)]}组长")
        teams[town.code] = ServiceTeam.objects.create(county=ctx.county, name=f"{town.name}服务组", leader=leader)
    TeamTown.objects.bulk_create([TeamTown(team=team, town_id=code) for code, team in teams.items()])
    return teams


def _officers(ctx, rng, towns, teams, load_by_town) -> dict[str, list[int]]:
    """Officers per town in proportion to its load (at least one); town code -> user ids."""
    password = make_password(DEMO_PASSWORD)
    surnames, given = names.SURNAMES, names.GIVEN
    users, where = [], []
    for town in towns:
        count = max(1, round(load_by_town.get(town.code, 0) / UNITS_PER_OFFICER))
        for _ in range(count):
            users.append(User(username=f"lo{town.code[6:9]}{len(users) + 1:05d}", role=Role.LIAISON_OFFICER,
                              division=town, password=password,
                              first_name=rng.choice(surnames) + rng.choice(given) + rng.choice(given)))
            where.append(town.code)
    User.objects.bulk_create(users, batch_size=1000)
    ids = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
    out: dict[str, list[int]] = {}
    for user, town in zip(users, where, strict=True):
        out.setdefault(town, []).append(ids[user.username])
    liaison = User.objects.filter(username="liaison").first()
    if liaison is not None and liaison.division_id in teams:
        out.setdefault(liaison.division_id, []).insert(0, liaison.pk)
    TeamMember.objects.bulk_create([TeamMember(officer_id=pk, team=teams[town], joined_on=ctx.now.date()
                                               - dt.timedelta(days=ASSIGNED_DAYS_AGO + 60))
                                    for town, pks in out.items() for pk in pks], batch_size=1000)
    return out


def _demo_login_gets_firms(rows: list[Assignment], officers: dict[str, list[int]]) -> None:
    """The `liaison` login shows "my firms": when the greedy gave it buildings
    only, it swaps its whole load with the first officer of its town looking
    after two firms or more (loads move whole: the balance does not change)."""
    login = User.objects.filter(username="liaison").values_list("pk", flat=True).first()
    town = next((code for code, pks in officers.items() if login in pks), None)
    mine = [row for row in rows if row.officer_id == login]
    if town is None or any(row.enterprise_id for row in mine):
        return
    held: dict[int, list[Assignment]] = {}
    for row in rows:
        held.setdefault(row.officer_id, []).append(row)
    other = next((pk for pk in officers[town] if pk != login
                  and sum(1 for row in held.get(pk, ()) if row.enterprise_id) >= 2), None)
    if other is None:
        return
    for row in mine:
        row.officer_id = other
    for row in held[other]:
        row.officer_id = login


def _padded(key: str) -> str:
    """"firm:42" as "firm:0000000042": keys that sort as their ids do. The ids
    of one demo keep their order in any database, but not their digits (a
    PostgreSQL sequence is not rolled back with the rows), and the greedy
    breaks ties by key: padded, the same demo comes out of every database."""
    kind, pk = key.split(":")
    return f"{kind}:{int(pk):010d}"


def _old_assignment(ctx, rng, towns, teams, needs, officers, today: dt.date) -> None:
    """The assignment applied a month ago (the greedy a county would have made by
    hand), before some officers left, some joined and some firms became above-scale."""
    needs = sorted(needs, key=lambda n: _padded(n.key))
    late = {n.key for n in needs if n.key.startswith("firm:") and rng.random() < LATE_UNIT_SHARE}
    joined = {pk for pks in officers.values() for pk in pks[1:] if rng.random() < JOINED_SHARE}
    problem = Problem(
        teams=[Team(_padded(f"team:{team.pk}"), frozenset([code])) for code, team in teams.items()],
        officers=[Officer(_padded(f"user:{pk}"), _padded(f"team:{teams[town].pk}")) for town, pks in officers.items()
                  for pk in pks if pk not in joined],
        units=[Unit(_padded(n.key), n.town, n.officers, n.points) for n in needs if n.key not in late], current={})
    then = today - dt.timedelta(days=ASSIGNED_DAYS_AGO)
    rows = [Assignment(officer_id=int(officer.split(":")[1]), since=then,
                       enterprise_id=int(key.split(":")[1]) if key.startswith("firm:") else None,
                       building_id=int(key.split(":")[1]) if key.startswith("building:") else None)
            for key, chosen in sorted(greedy(problem).assigned.items()) for officer in chosen]
    _demo_login_gets_firms(rows, officers)
    Assignment.objects.bulk_create(rows, batch_size=1000)
    # Officers who left since: their memberships end with them (their assignments stay, now nobody's work).
    left = sorted({pk for pks in officers.values() for pk in pks[1:] if pk not in joined
                   and rng.random() < LEFT_SHARE})
    TeamMember.objects.filter(officer_id__in=left).delete()
    User.objects.filter(pk__in=left).update(is_active=False)
