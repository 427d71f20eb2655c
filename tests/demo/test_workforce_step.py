"""The demo's workers (demo/workforce_step.py), read from the small demo
(seed 2020) and from tiny ones for determinism, identities and the labour
officer's home page. Exact figures are those of seed 2020: a change in them
means the demo changed and should be looked at."""
import datetime as dt
import random
import re
from collections import Counter, defaultdict

import pytest

from lianfu.common import pii
from lianfu.common.masking import mask_id_number, mask_phone
from lianfu.demo import workforce_days as days
from lianfu.demo import workforce_trips
from lianfu.demo.workforce_origins import special_counts
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, DivisionAlias
from lianfu.workforce import trip_planning, trips
from lianfu.workforce.enums import (
    ON_DUTY_STATES,
    OriginSource,
    PlanState,
    PositionSource,
    RiskLevel,
    StateSource,
    TripStatus,
    VehicleKind,
    WorkerState,
)
from lianfu.workforce.identity import parse_id_number
from lianfu.workforce.onduty import ROSTER, SURVEY
from lianfu.workforce.origins import OriginResolver
from tests.demo.facts import COUNTY6
from tests.demo.workforce_facts import RosterFacts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def small_roster(small_demo) -> RosterFacts:
    return small_demo.workforce


@pytest.fixture(scope="session")
def tiny_rosters(demo_run) -> tuple[RosterFacts, RosterFacts, RosterFacts]:
    """Two separate generations of seed 7 and one of seed 8."""
    return demo_run("tiny", 7).workforce, demo_run("tiny", 7, take=2).workforce, demo_run("tiny", 8).workforce


def by_firm(facts: RosterFacts) -> Counter:
    return Counter(w["enterprise__uscc"] for w in facts.workers)


def test_every_county_firm_has_as_many_workers_as_employees(small_roster):
    assert by_firm(small_roster) == Counter(small_roster.employees)
    assert len(small_roster.workers) == sum(small_roster.employees.values()) == 157_770


def test_on_every_survey_day_the_roster_has_exactly_the_surveyed_crew_on_duty(small_roster):
    checks = small_roster.survey_checks
    assert len(checks) == 1946
    for firm, day, survey, roster, figure in checks:
        assert survey[1] == small_roster.employees[firm]       # every survey counts the firm's employees …
        assert roster == survey, (firm, day)                    # … so the roster matches it exactly
        assert figure[:2] == survey, (firm, day)                # whichever the book reads, the figure is the same
    assert {figure[2] for *_rest, figure in checks} == {ROSTER, SURVEY}      # both ways through the book


def test_the_county_curve_rises_day_by_day_and_is_the_one_printed(small_roster):
    curve = small_roster.county_curve
    assert [day for day, *_figures in curve] == days.DAYS
    assert {headcount for _day, _on, headcount in curve} == {157_770}
    rates = [on / headcount for _day, on, headcount in curve]
    assert all(later > earlier for earlier, later in zip(rates, rates[1:]))
    assert rates[0] < 0.12 and rates[-1] > 0.65
    printed = next(line for line in small_roster.summary if line.startswith("workforce: on-duty rate % (county)"))
    assert printed.endswith(", ".join(f"{day:%m-%d} {100 * on / n:.1f}" for day, on, n in curve))


def test_origins_are_exactly_as_drawn(small_roster):
    sources = Counter(w["origin_source"] for w in small_roster.workers)
    expected = special_counts(157_770)
    assert expected == {"old_code": 1578, "address": 789, "unknown": 8}
    assert sources == {OriginSource.ID_NUMBER: 157_770 - 1578 - 789 - 8, OriginSource.OLD_CODE: 1578,
                       OriginSource.ADDRESS: 789, OriginSource.UNKNOWN: 8}
    assert all(w["origin_id"] is None for w in small_roster.workers if w["origin_source"] == OriginSource.UNKNOWN)


def test_origins_are_a_third_local_and_a_heavy_tail_of_counties(small_roster):
    origins = Counter(w["origin_id"] for w in small_roster.workers if w["origin_id"])
    provinces = Counter()
    for code, n in origins.items():
        provinces[code[:2]] += n
    total = sum(origins.values())
    assert 0.30 <= provinces["33"] / total <= 0.35
    assert {code for code, _n in provinces.most_common(7)} == {"33", "34", "51", "52", "41", "36", "53"}
    assert origins.most_common(1)[0][0] == "330282000000"                # Cixi's own people first
    assert 150 <= len(origins) <= 300
    counts = sorted(origins.values(), reverse=True)
    assert sum(counts[:30]) / total > 0.6 and counts[-1] < 100            # a few counties send most, a tail the rest
    levels = dict(Division.objects.filter(code__in=list(origins)).values_list("code", "level"))
    assert set(levels.values()) == {DivisionLevel.COUNTY}


def test_ids_are_masked_region_first_and_retired_regions_are_aliases(small_roster):
    current = set(Division.objects.filter(level=DivisionLevel.COUNTY).values_list("code", flat=True))
    aliases = dict(DivisionAlias.objects.values_list("old_code", "division_id"))
    for w in small_roster.workers:
        region = w["id_masked"][:6]
        assert re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", w["id_masked"])
        if w["origin_source"] == OriginSource.ID_NUMBER:
            assert region.ljust(12, "0") == w["origin_id"]
        elif w["origin_source"] == OriginSource.OLD_CODE:
            assert region.ljust(12, "0") not in current and aliases[region] == w["origin_id"]
        else:
            assert region.ljust(12, "0") not in current and region not in aliases
    assert len({w["id_hash"] for w in small_roster.workers}) == 157_770


def test_every_state_is_a_dated_change_from_the_first_import(small_roster):
    for w in small_roster.workers:
        history = small_roster.changes[w["pk"]]
        assert history[0][0] == days.FIRST_DAY and history[0][2] == StateSource.IMPORT
        assert [day for day, *_rest in history] == sorted({day for day, *_rest in history})  # one change a day
        assert all(firm == w["enterprise__uscc"] for *_rest, firm in history)
        later = StateSource.SURVEY if small_roster.surveyed.get(w["enterprise__uscc"]) else StateSource.IMPORT
        assert {source for _day, _state, source, _firm in history[1:]} <= {later, StateSource.TRIP}
        assert (history[-1][1], history[-1][0]) == (w["state"], w["state_since"])
        assert all(days.FIRST_DAY <= day <= days.LAST_DAY for day, *_rest in history)


def test_locals_work_early_and_migrants_come_back(small_roster):
    first_day, returned = Counter(), Counter()
    for w in small_roster.workers:
        history = small_roster.changes[w["pk"]]
        local = (w["origin_id"] or "").startswith("33")
        first_day[(local, history[0][1])] += 1
        returned[local] += any(state == WorkerState.BACK for _day, state, *_rest in history)
    assert first_day[(False, WorkerState.AT_WORK)] == first_day[(False, WorkerState.BACK)] == 0
    assert first_day[(True, WorkerState.AT_WORK)] > 10_000 and first_day[(False, WorkerState.AWAY)] > 90_000
    assert returned[True] == 0 and returned[False] > 50_000
    assert Counter(w["state"] for w in small_roster.workers).keys() == {
        WorkerState.AT_WORK, WorkerState.BACK, WorkerState.AWAY, WorkerState.RETURNING}


def test_returning_comes_the_day_before_back_or_on_the_last_day(small_roster):
    for w in small_roster.workers:
        history = small_roster.changes[w["pk"]]
        for (day, state, *_rest), following in zip(history, history[1:] + [None]):
            if state == WorkerState.RETURNING and following is not None:
                assert following[:2] == (day + dt.timedelta(days=1), WorkerState.BACK)
            elif state == WorkerState.RETURNING:
                assert day == days.LAST_DAY


def _riders(facts: RosterFacts) -> dict[dt.date, list[trips.Group]]:
    """Departure day -> the solver's groups of its riders, from the roster alone: migrants from
    outside Zhejiang returning on one of the coach days (what demo/workforce_trips.py takes)."""
    out, high = defaultdict(Counter), defaultdict(dict)
    for w in facts.workers:
        if not w["origin_id"] or w["origin_id"].startswith("33"):
            continue
        for day, state, _source, firm in facts.changes[w["pk"]]:
            if state == WorkerState.RETURNING and day in workforce_trips.departure_days():
                key = (w["origin_id"][:6], facts.towns[firm])
                out[day][key] += 1
                high[day][key] = w["origin_id"] in facts.high_risk_on_coach_days[day]
    return {day: [trips.Group(o, o[:4], d, n, high[day][(o, d)]) for (o, d), n in sorted(groups.items())]
            for day, groups in out.items()}


def test_a_week_of_coaches_carries_the_riders_the_roster_already_has(small_roster):
    facts = small_roster
    riders = _riders(facts)
    assert sorted(riders) == workforce_trips.departure_days() == days.DAYS[-7:]
    centroids, rules = trip_planning.city_centroids(), trips.Rules(53, 150.0)
    by_trip = defaultdict(Counter)
    for day, number, _status, _worker, origin, destination in facts.seats:
        by_trip[(day, number)][(origin[:6], destination)] += 1
    for day, solver_groups in riders.items():
        vehicles = tuple(trips.Vehicle(dict(load)) for (on, _n), load in sorted(by_trip.items()) if on == day)
        plan = trips.Plan(vehicles, trips.lower_bound(solver_groups, rules, centroids), trips.PlanStatus.FEASIBLE, 0,
                          tuple(g for g in solver_groups if g.high_risk))
        trips.check_plan(solver_groups, rules, centroids, plan)   # every rider of the day, by the rules, nobody else
        (stored,) = [p for p in facts.plans if p[0] == day]
        assert stored == (day, VehicleKind.BUS, 53, 150, PlanState.READY, sum(g.workers for g in solver_groups
                          if not g.high_risk), sum(g.workers for g in solver_groups if g.high_risk), len(vehicles),
                          plan.lower_bound)
    # Arrived the next morning, or still on the road on the last day: the seat's worker says the same.
    hashes = {w["id_hash"]: w for w in facts.workers}
    for day, _number, status, worker_hash, _origin, _destination in facts.seats:
        w = hashes[worker_hash]
        history = {change[0]: change[1:3] for change in facts.changes[w["pk"]]}
        assert history[day] == (WorkerState.RETURNING, StateSource.TRIP)
        if day == days.LAST_DAY:
            assert status == TripStatus.DEPARTED and w["state"] == WorkerState.RETURNING
        else:
            assert status == TripStatus.ARRIVED
            assert history[day + dt.timedelta(days=1)] == (WorkerState.BACK, StateSource.TRIP)
    seated = {(hashes[seat[3]]["pk"], seat[0]) for seat in facts.seats}
    marked = {(pk, day) for pk, history in facts.changes.items() for day, state, source, _firm in history
              if source == StateSource.TRIP and state == WorkerState.RETURNING}
    assert marked == seated


def test_only_workers_still_away_want_to_return(small_roster):
    wanting = Counter(w["state"] for w in small_roster.workers if w["wants_return"])
    away = Counter(w["state"] for w in small_roster.workers if w["state"] == WorkerState.AWAY)
    assert set(wanting) == {WorkerState.AWAY, WorkerState.RETURNING}
    assert 0.3 < wanting[WorkerState.AWAY] / away[WorkerState.AWAY] < 0.9
    assert wanting[WorkerState.RETURNING] == sum(w["state"] == WorkerState.RETURNING for w in small_roster.workers)


def test_the_county_keeps_a_risk_list_and_some_still_away_are_from_high_risk_places(small_roster):
    high = sorted((division, start, until) for division, level, start, until, _source, _county in small_roster.risks
                  if level == RiskLevel.HIGH)
    assert high == [("341226000000", dt.date(2020, 2, 18), None), ("411500000000", dt.date(2020, 2, 10), None),
                    ("512021000000", dt.date(2020, 2, 18), dt.date(2020, 2, 29)),
                    ("530628000000", dt.date(2020, 2, 18), None)]
    assert {county for *_rest, county in small_roster.risks} == {COUNTY6.ljust(12, "0")}
    assert "省防控办通报（2020年2月18日）" in {source for *_rest, source, _county in small_roster.risks}
    assert Counter(level for _d, level, *_rest in small_roster.risks) == {RiskLevel.LOW: 13, RiskLevel.MEDIUM: 5,
                                                                          RiskLevel.HIGH: 4}
    origins = small_roster.high_risk_origins
    still_away = [w for w in small_roster.workers if w["origin_id"] in origins and w["state"] not in ON_DUTY_STATES]
    from_high = [w for w in small_roster.workers if w["origin_id"] in origins]
    assert len(still_away) > 0.8 * len(from_high) > 1000


def test_one_firm_in_eight_has_open_positions(small_roster):
    openings = small_roster.openings
    firms = {firm for firm, *_rest in openings}
    assert len(firms) == 360
    assert Counter(Counter(firm for firm, *_rest in openings).values()).keys() <= {1, 2, 3}
    assert all(2 <= count <= 50 for _f, _t, count, *_rest in openings)
    assert {source for *_rest, source, _opened, _closed in openings} == {PositionSource.FIRM, PositionSource.SURVEY}
    assert all(days.FIRST_DAY <= opened <= days.LAST_DAY for *_rest, opened, _closed in openings)
    for firm, _title, _count, _note, source, opened, _closed in openings:
        if source == PositionSource.SURVEY:
            assert opened in small_roster.surveyed[firm]


def test_the_roster_is_deterministic_for_a_seed(tiny_rosters):
    first, again, other = tiny_rosters
    assert first.workers and first.risks and first.openings
    assert again.digest() == first.digest()
    assert other.digest() != first.digest()


def test_tiny_stays_small(tiny_rosters):
    first = tiny_rosters[0]
    assert by_firm(first) == Counter(first.employees)
    assert len(first.workers) < 20_000


def test_sealed_data_is_a_valid_id_a_phone_and_an_address_that_find_the_origin_again(tiny_rosters):
    resolve = OriginResolver()
    for w in tiny_rosters[0].workers:
        id_number, phone, address = pii.unseal(w["sealed"])
        # The app's check (check character, real birth date); stdnum's is_valid also wants a region it knows.
        assert parse_id_number(id_number) == id_number and 1965 <= int(id_number[6:10]) <= 2002
        assert (pii.keyed_hash(id_number), mask_id_number(id_number), mask_phone(phone)) == (
            w["id_hash"], w["id_masked"], w["phone_masked"])
        assert pii.phone_key(phone) == w["phone_hash"]
        assert pii.keyed_hash(pii.SEPARATOR.join((id_number, phone, address))) == w["sealed_digest"]
        assert resolve(id_number, address) == (w["origin_id"], w["origin_source"])
        assert re.fullmatch(r"1[3-9]\d{9}", phone)
        assert address == "" if w["origin_source"] == OriginSource.UNKNOWN else address.endswith("号")
        assert w["insured_from"].day == 1 and w["insured_from"] >= dt.date(int(id_number[6:10]) + 18, 1, 1)


def test_the_labour_login_sees_workforce_cards(tiny_rosters):
    home = tiny_rosters[0].home
    assert home["status"] == 200 and home["curve_days"] == 14
    assert home["away"] > 0 and 0 < home["on_duty"] < home["headcount"] == len(tiny_rosters[0].workers)
    assert home["rate"] is not None
    assert f'<span class="value" id="on-duty-rate">{home["rate"]:.1f}%</span>' in home["html"]
    assert re.search(r'id="workers-away">[1-9][\d,]*<', home["html"])


def test_the_summary_names_workers_states_origins_and_risks(small_roster):
    lines = [line for line in small_roster.summary if line.startswith("workforce:")]
    assert re.fullmatch(r"workforce: 157,770 workers at 3,000 firms in \d+\.\d s \(CPU \d+\.\d s\); 3\d% from "
                        r"Zhejiang, \d{3} counties of origin; 1,578 with a retired county code, 789 placed by "
                        r"address, 8 of unknown origin", lines[0]), lines[0]
    assert re.fullmatch(r"workforce: on 06 Mar: [\d,]+ on duty \([\d,]+ back\), [\d,]+ away, [\d,]+ returning; "
                        r"[\d,]+ want to return", lines[1]), lines[1]
    assert lines[2].startswith("workforce: high-risk origins on 20 Feb: 颍上县、信阳市、安岳县、彝良县: ")
    assert lines[5] == ("workforce: charter coaches 29 Feb–06 Mar: 7 plans, 491 coaches (lower bound 480) for "
                        "13,654 workers, 1,208 of them still on the road; 148 from high-risk origins not picked up")


def test_a_survey_of_another_headcount_is_scaled_to_the_roster_half_up():
    assert days.survey_target(7, 40, 40) == 7                 # the same headcount: its own count
    assert days.survey_target(30, 60, 120) == 60
    assert days.survey_target(1, 2, 5) == 3                   # 2.5 rounds up
    assert days.survey_target(1, 3, 10) == 3
    assert days.survey_target(50, 50, 40) == 40               # never more than the roster
    assert days.survey_target(0, 0, 10) == 0


def test_counts_hold_every_pin_and_a_falling_count_sends_workers_away():
    firm = days.FirmDays(employees=6, surveyed=True, pins={4: 5, 6: 2}, open_day=0, skeleton=1)
    counts = days.on_duty_counts(firm, ready=[0, 0, 1, 2, 3, days.AFTER + 10])
    # Ready workers until the first pin, held at 5 then down to the second pin's 2, then the ready ones again.
    assert counts == [2, 3, 4, 5, 5, 2, 2] + [5] * (len(days.DAYS) - 7)
    flips = days.changes_by_rank(counts, 6)
    assert flips[4] == [(0, False), (3, True), (5, False), (7, True)]
    history = days.states(random.Random(1), flips[4], False, 3)
    assert [(day, state) for day, state in history if state != WorkerState.RETURNING] == [
        (0, WorkerState.AWAY), (3, WorkerState.BACK), (5, WorkerState.AWAY), (7, WorkerState.BACK)]
