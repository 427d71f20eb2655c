"""The liaison assignment library (lianfu.liaison.assign): small problems worked out by hand, plain pytest, no
database. No timing assertions: the solver's time limit only bounds how long the tests take."""

import math
import random
from fractions import Fraction

import pytest

from lianfu.liaison.assign import Officer, Problem, Shortfall, Team, Unit, greedy, shortfalls, solve, team_solver
from lianfu.liaison.assign.bounds import TOLERANCE, relaxed_bound
from lianfu.liaison.assign.measure import TeamFigures, moves, spread

TOWN_A = "330282100000"
TOWN_B = "330282101000"
TOWN_C = "330282102000"
TEAM_A = "team:1"


def one_team(weights, *, current=None, officers=("user:1", "user:2"), needs=None, **options) -> Problem:
    """Team 1 covering town A; units firm:1.. with the given weights (and needs, default 1)."""
    needs = needs or [1] * len(weights)
    return Problem(teams=[Team(TEAM_A, frozenset({TOWN_A}))],
                   officers=[Officer(key, TEAM_A) for key in officers],
                   units=[Unit(f"firm:{i}", TOWN_A, n, w) for i, (w, n) in enumerate(zip(weights, needs), start=1)],
                   current={key: frozenset(held) for key, held in (current or {}).items()}, **options)


# --- balance --------------------------------------------------------------------------------------------------

def test_two_officers_share_3_3_2_2_2_as_6_and_6():
    first, second = solve(one_team([3, 3, 2, 2, 2])), solve(one_team([3, 3, 2, 2, 2]))
    assert sorted(first.loads.values()) == [6, 6]
    assert first.spread == 1.0
    assert first.moves == 0 and first.unfilled == 0 and first.shortfalls == []
    assert first.status == "optimal" and first.team_status == {TEAM_A: "optimal"}
    # 6 and 6 takes 3 + 3 on one officer and 2 + 2 + 2 on the other
    assert first.assigned["firm:1"] == first.assigned["firm:2"]
    assert first.assigned == second.assigned   # deterministic


def test_every_unit_is_listed_with_sorted_officers():
    solution = solve(one_team([4, 1], needs=[2, 1]))
    assert set(solution.assigned) == {"firm:1", "firm:2"}
    assert solution.assigned["firm:1"] == ("user:1", "user:2")
    assert sorted(solution.loads.values()) == [4, 5]
    # 5 / 4 = 1.25: no assignment meets 1.2, the team is solved without the limit and says so
    assert solution.status == "relaxed" and solution.team_status == {TEAM_A: "relaxed_optimal"}


# --- continuity -----------------------------------------------------------------------------------------------

def test_a_balanced_current_assignment_is_kept():
    current = {"firm:1": {"user:1"}, "firm:2": {"user:2"}, "firm:3": {"user:1"}, "firm:4": {"user:2"}}
    solution = solve(one_team([5, 3, 2, 4], current=current))
    assert solution.moves == 0
    assert solution.assigned == {key: tuple(held) for key, held in current.items()}
    assert solution.loads == {"user:1": 7, "user:2": 7}


def test_continuity_comes_before_evenness_within_the_limit():
    # 12 and 10 (spread 1.2) is within the limit: nothing moves, though 11 and 11 would be more even
    current = {"firm:1": {"user:1"}, "firm:2": {"user:1"}, "firm:3": {"user:2"}, "firm:4": {"user:2"}}
    solution = solve(one_team([6, 6, 5, 5], current=current))
    assert solution.moves == 0
    assert solution.loads == {"user:1": 12, "user:2": 10}
    assert solution.spread == 1.2


def test_without_a_spread_limit_nothing_moves():
    current = {"firm:1": {"user:1"}, "firm:2": {"user:1"}, "firm:3": {"user:1"}}
    solution = solve(one_team([3, 3, 3], current=current, max_spread=math.inf))
    assert solution.moves == 0
    assert solution.loads == {"user:1": 9, "user:2": 0}
    assert solution.spread == math.inf and solution.status == "optimal"


def test_the_pairs_of_an_officer_who_left_are_moves_and_their_units_go_to_the_others():
    current = {"firm:1": {"user:1"}, "firm:2": {"user:2"}, "firm:3": {"user:gone"}, "firm:4": {"user:gone"}}
    solution = solve(one_team([3, 3, 2, 2], current=current))
    assert solution.moves == 2   # exactly the two pairs of user:gone
    assert solution.assigned["firm:1"] == ("user:1",) and solution.assigned["firm:2"] == ("user:2",)
    assert {solution.assigned["firm:3"], solution.assigned["firm:4"]} == {("user:1",), ("user:2",)}
    assert solution.loads == {"user:1": 5, "user:2": 5}
    assert "user:gone" not in solution.loads


def test_pairs_of_units_no_longer_listed_are_not_moves():
    current = {"firm:1": {"user:1"}, "firm:99": {"user:2"}}
    problem = one_team([3, 3], current=current)
    solution = solve(problem)
    assert solution.moves == 0
    assert "firm:99" not in solution.assigned


def test_a_unit_needing_fewer_officers_keeps_one_of_them():
    # firm:1 needed both officers and now needs one: whoever keeps it (4 + 2) must hand on its 2-point firm
    current = {"firm:1": {"user:1", "user:2"}, "firm:2": {"user:2"}, "firm:3": {"user:1"}}
    solution = solve(one_team([4, 2, 2], current=current))
    assert len(solution.assigned["firm:1"]) == 1
    assert solution.moves == 2
    assert solution.loads == {"user:1": 4, "user:2": 4}


# --- shortfalls -----------------------------------------------------------------------------------------------

def test_a_unit_needing_two_officers_in_a_team_of_one():
    solution = solve(one_team([5], needs=[2], officers=("user:1",)))
    assert solution.shortfalls == [Shortfall(TOWN_A, TEAM_A, units=1, officers_short=1, reason="too_few_officers")]
    assert solution.assigned == {"firm:1": ("user:1",)}
    assert solution.unfilled == 1
    assert solution.spread == 1.0


def test_a_town_no_team_covers():
    problem = Problem(teams=[Team(TEAM_A, frozenset({TOWN_A}))], officers=[Officer("user:1", TEAM_A)],
                      units=[Unit("firm:1", TOWN_A, 1, 3), Unit("firm:2", TOWN_B, 1, 4),
                             Unit("building:1", TOWN_B, 2, 5)], current={"firm:2": frozenset({"user:1"})})
    solution = solve(problem)
    assert solution.shortfalls == [Shortfall(TOWN_B, None, units=2, officers_short=2, reason="no_team")]
    assert solution.assigned == {"firm:1": ("user:1",), "firm:2": (), "building:1": ()}
    assert solution.unfilled == 3
    assert solution.moves == 1   # user:1 can no longer look after firm:2
    assert greedy(problem).shortfalls == solution.shortfalls


def test_no_team_with_a_capacity_counts_the_officers_the_points_need():
    problem = Problem(teams=[], officers=[], units=[Unit("firm:1", TOWN_B, 1, 7), Unit("firm:2", TOWN_B, 1, 8),
                                                    Unit("firm:3", TOWN_B, 1, 9)], current={}, capacity=10)
    # 24 points at 10 per officer: 3 officers, more than the 1 that max(needs) asks for
    assert shortfalls(problem) == [Shortfall(TOWN_B, None, units=3, officers_short=3, reason="no_team")]


def test_demand_over_capacity():
    # 5 + 5 + 4 + 4 + 3 = 21 points, 2 officers x 10: 1 point too many -> 1 more officer; at least 1 unit left out
    solution = solve(one_team([5, 5, 4, 4, 3], capacity=10))
    assert solution.shortfalls == [Shortfall(TOWN_A, TEAM_A, units=1, officers_short=1, reason="over_capacity")]
    assert solution.unfilled == 1
    assert solution.assigned["firm:5"] == ()   # 5 + 4 on each officer is the only even way to leave one unit out
    assert solution.loads == {"user:1": 9, "user:2": 9}
    assert max(solution.loads.values()) <= 10


def test_over_capacity_officers_short_and_units_exactly():
    # 4 officers x 20 = 80 against 3 x 18 x 2 + 10 x 3 = 138 points: 58 over -> ceil(58 / 20) = 3 officers;
    # the fewest units covering 58 points: 36 + 36 (two of the 2-officer units) -> 2
    problem = one_team([18, 18, 18, 10, 10, 10], needs=[2, 2, 2, 1, 1, 1],
                       officers=("user:1", "user:2", "user:3", "user:4"), capacity=20)
    assert shortfalls(problem) == [Shortfall(TOWN_A, TEAM_A, units=2, officers_short=3, reason="over_capacity")]
    solution = solve(problem)
    # 9 slots: at most 5 filled (10 + 10 on one officer, 18 on each of the others)
    assert solution.unfilled == 4
    assert sorted(solution.loads.values()) == [18, 18, 18, 20]


def test_over_capacity_goes_to_the_town_with_most_demand():
    problem = Problem(teams=[Team(TEAM_A, frozenset({TOWN_A, TOWN_B}))], officers=[Officer("user:1", TEAM_A)],
                      units=[Unit("firm:1", TOWN_A, 1, 6), Unit("firm:2", TOWN_B, 1, 7), Unit("firm:3", TOWN_B, 1, 2)],
                      current={}, capacity=10)
    # 15 points against 10: town B (9 points) gets it; 5 over -> 1 officer; the 7-point firm covers it -> 1 unit
    assert shortfalls(problem) == [Shortfall(TOWN_B, TEAM_A, units=1, officers_short=1, reason="over_capacity")]


def test_shortfalls_are_sorted_by_town_then_reason():
    problem = Problem(teams=[Team(TEAM_A, frozenset({TOWN_B}))], officers=[],
                      units=[Unit("firm:1", TOWN_C, 1, 3), Unit("firm:2", TOWN_B, 1, 3), Unit("firm:3", TOWN_A, 2, 3)],
                      current={}, capacity=5)
    assert [(s.town, s.reason) for s in shortfalls(problem)] == [
        (TOWN_A, "no_team"), (TOWN_B, "over_capacity"), (TOWN_B, "too_few_officers"), (TOWN_C, "no_team")]


# --- teams ----------------------------------------------------------------------------------------------------

def test_officers_never_cross_teams():
    teams = [Team("team:a", frozenset({TOWN_A})), Team("team:b", frozenset({TOWN_B, TOWN_C}))]
    officers = [Officer("user:1", "team:a"), Officer("user:2", "team:b"), Officer("user:3", "team:b")]
    # town A has far more work: borrowing from team b would even things out, but is not allowed
    units = [Unit(f"firm:a{i}", TOWN_A, 1, 5) for i in range(4)] + [Unit("firm:b", TOWN_B, 1, 2),
                                                                    Unit("firm:c", TOWN_C, 1, 2)]
    current = {"firm:b": frozenset({"user:1"})}   # an officer of the other team: that pair must go
    problem = Problem(teams=teams, officers=officers, units=units, current=current)
    team_of = {o.key: o.team for o in officers}
    team_of_town = {TOWN_A: "team:a", TOWN_B: "team:b", TOWN_C: "team:b"}
    for solution in (solve(problem), greedy(problem)):
        for unit in units:
            assert all(team_of[o] == team_of_town[unit.town] for o in solution.assigned[unit.key])
        assert solution.loads == {"user:1": 20, "user:2": 2, "user:3": 2}
        assert solution.moves == 1
        assert solution.spread == 1.0


# --- measures -------------------------------------------------------------------------------------------------

def test_spread_is_inf_when_an_officer_of_a_busy_team_is_idle():
    problem = one_team([3], officers=("user:1", "user:2"))
    assert spread(problem, {"user:1": 3, "user:2": 0}) == math.inf
    solution = solve(problem)   # one unit, two officers: somebody is idle whatever the solver does
    assert solution.spread == math.inf
    assert solution.status == "relaxed" and solution.team_status == {TEAM_A: "relaxed_optimal"}


def test_spread_is_none_without_a_team_with_units_and_officers():
    problem = Problem(teams=[Team(TEAM_A, frozenset({TOWN_A}))], officers=[Officer("user:1", TEAM_A)], units=[],
                      current={})
    assert spread(problem, {"user:1": 0}) is None
    assert solve(problem).spread is None


def test_moves_counts_every_current_pair_not_kept():
    problem = one_team([1, 1], current={"firm:1": {"user:1", "user:2"}, "firm:2": {"user:9"}})
    assert moves(problem, {"firm:1": ("user:1",), "firm:2": ("user:1",)}) == 2


def test_problems_the_solvers_cannot_read_are_refused():
    with pytest.raises(ValueError, match="unknown team"):
        Problem(teams=[], officers=[Officer("user:1", "team:x")], units=[], current={})
    with pytest.raises(ValueError, match="covered by two teams"):
        Problem(teams=[Team("t1", frozenset({TOWN_A})), Team("t2", frozenset({TOWN_A}))], officers=[], units=[],
                current={})
    with pytest.raises(ValueError, match="more than the capacity"):
        one_team([11], capacity=10)


# --- against the greedy baseline ------------------------------------------------------------------------------

def test_greedy_moves_a_unit_that_solve_keeps():
    # cap = ceil(14 / 2 * 1.1) = 8. Greedy, heaviest first: firm:1 and firm:2 stay; the new firm:3 goes to the
    # least-loaded officer, user:1 (tie, by key), who then cannot keep firm:4 (7 + 3 > 8): 1 move.
    # solve gives the new firm:3 to user:2 instead: 0 moves, the same spread.
    current = {"firm:1": {"user:1"}, "firm:2": {"user:2"}, "firm:4": {"user:1"}}
    problem = one_team([4, 4, 3, 3], current=current)
    ours, baseline = solve(problem), greedy(problem)
    assert (baseline.moves, baseline.spread, baseline.status) == (1, 1.0, "greedy")
    assert (ours.moves, ours.spread) == (0, 1.0)
    assert ours.assigned == {"firm:1": ("user:1",), "firm:2": ("user:2",), "firm:3": ("user:2",),
                             "firm:4": ("user:1",)}


def test_greedy_spread_is_worse_than_solve():
    # greedy: 5 -> user:1, 4 -> user:2, then each 3 to the least loaded: 8 and 10 (1.25); solve: 5 + 4 and 3 x 3
    problem = one_team([5, 4, 3, 3, 3])
    ours, baseline = solve(problem), greedy(problem)
    assert baseline.loads == {"user:1": 8, "user:2": 10} and baseline.spread == 1.25
    assert sorted(ours.loads.values()) == [9, 9] and ours.spread == 1.0


# --- a larger random problem ----------------------------------------------------------------------------------

def random_county(seed: int) -> Problem:
    """4 teams (one town each), 100 officers, 200 units (1 in 5 needing 2 officers, 10..40 points); the current
    assignment is a random one from before 10 officers left."""
    rng = random.Random(seed)
    towns = [TOWN_A, TOWN_B, TOWN_C, "330282103000"]
    teams = [Team(f"team:{i}", frozenset({town})) for i, town in enumerate(towns)]
    units = [Unit(f"firm:{i}", rng.choice(towns), 2 if rng.random() < 0.2 else 1, rng.randint(10, 40))
             for i in range(200)]
    demand = {town: sum(u.weight * u.needs for u in units if u.town == town) for town in towns}
    total = sum(demand.values())
    counts = [round(110 * demand[town] / total) for town in towns[:-1]]
    counts.append(110 - sum(counts))
    officers = [Officer(f"user:{i}:{n}", f"team:{i}") for i, count in enumerate(counts) for n in range(count)]
    current = {}
    for unit in units:
        team = f"team:{towns.index(unit.town)}"
        candidates = [o.key for o in officers if o.team == team]
        current[unit.key] = frozenset(rng.sample(candidates, unit.needs))
    gone = set(rng.sample([o.key for o in officers], 10))
    return Problem(teams=teams, officers=[o for o in officers if o.key not in gone], units=units, current=current)


def test_random_county_meets_the_spread_and_every_need():
    problem = random_county(seed=11)
    assert len(problem.officers) == 100 and len(problem.units) == 200
    solution = solve(problem, time_limit_s=3.0)
    assert solution.spread <= 1.2
    assert solution.status in ("optimal", "feasible")
    assert solution.unfilled == 0 and solution.shortfalls == []
    for unit in problem.units:
        assert len(set(solution.assigned[unit.key])) == unit.needs
    assert sum(solution.loads.values()) == sum(u.weight * u.needs for u in problem.units)
    assert solution.moves < greedy(problem).moves


# --- a team that cannot meet the spread: continuity first, within 5 % of the best spread ----------------------

def test_a_relaxed_team_moves_fewest_within_5_percent_of_the_best_spread():
    # 28 + 18 + 17 + 17 + 13 + 11 = 104 points, three officers; the new user:2 has nothing yet. No way reaches 1.2:
    # the best spread is 39 / 31 (e.g. 39, 34, 31), which takes 4 moves from here. The bound is 39/31 x 1.05 =
    # 819/620 (1.321): within it, 2 moves suffice, and only one way: firm:1 (28) and firm:6 (11) to user:2, 30 / 35
    # / 39 = 1.3. Greedy (cap ceil(104 / 3 x 1.1) = 39) reaches 1.3 too, with 3 moves.
    current = {"firm:1": {"user:1"}, "firm:2": {"user:3"}, "firm:3": {"user:1"}, "firm:4": {"user:3"},
               "firm:5": {"user:1"}, "firm:6": {"user:3"}}
    problem = one_team([28, 18, 17, 17, 13, 11], current=current, officers=("user:1", "user:2", "user:3"))
    assert relaxed_bound(Fraction(6, 5), Fraction(39, 31)) == Fraction(819, 620)
    solution = solve(problem)
    assert solution.assigned == {"firm:1": ("user:2",), "firm:2": ("user:3",), "firm:3": ("user:1",),
                                 "firm:4": ("user:3",), "firm:5": ("user:1",), "firm:6": ("user:2",)}
    assert solution.loads == {"user:1": 30, "user:2": 39, "user:3": 35}
    assert (solution.moves, solution.spread) == (2, 1.3)
    assert solution.status == "relaxed" and solution.team_status == {TEAM_A: "relaxed_optimal"}
    baseline = greedy(problem)
    assert (baseline.moves, baseline.spread) == (3, 1.3)


def test_a_relaxed_team_of_two_moves_one_firm_where_the_best_spread_needs_two():
    # user:1 holds 33 + 33 + 18 = 84, user:2 19 + 14 = 33. The best spread, 65 / 52 = 1.25, swaps two firms (greedy
    # finds it); within 1.25 x 1.05 = 1.3125 one firm of 33 (or the 18) handed over gives 66 / 51 = 1.294.
    current = {"firm:1": {"user:1"}, "firm:2": {"user:1"}, "firm:3": {"user:2"}, "firm:4": {"user:1"},
               "firm:5": {"user:2"}}
    problem = one_team([33, 33, 19, 18, 14], current=current)
    solution, baseline = solve(problem), greedy(problem)
    assert (solution.moves, solution.spread) == (1, 66 / 51)
    assert sorted(solution.loads.values()) == [51, 66]
    assert solution.team_status == {TEAM_A: "relaxed_optimal"}
    assert (baseline.moves, baseline.spread) == (2, 1.25)


def test_the_relaxed_bound_is_the_larger_of_the_limit_and_the_best_spread_plus_5_percent():
    assert TOLERANCE == Fraction(1, 20)
    assert relaxed_bound(Fraction(6, 5), Fraction(5, 4)) == Fraction(21, 16)
    assert relaxed_bound(Fraction(6, 5), Fraction(8, 7)) == Fraction(6, 5)   # 8/7 x 1.05 is exactly 1.2


# --- never an answer greedy's dominates -----------------------------------------------------------------------

def test_dominance_is_no_worse_in_every_figure_and_better_in_one():
    base = TeamFigures(unfilled=0, spread=Fraction(5, 4), moves=3)
    assert TeamFigures(0, Fraction(5, 4), 2).dominates(base)
    assert TeamFigures(0, Fraction(6, 5), 3).dominates(base)
    assert not base.dominates(base)
    assert not TeamFigures(0, Fraction(6, 5), 4).dominates(base)   # better balanced, more moves: a trade-off
    assert not TeamFigures(1, Fraction(1), 0).dominates(base)      # an empty place outweighs the rest
    assert TeamFigures(0, Fraction(5, 4), 3, width=9) == TeamFigures(0, Fraction(5, 4), 3, width=1)


def test_an_answer_greedy_dominates_is_replaced_by_greedy_s(monkeypatch):
    # As if CP-SAT had been stopped with a poor answer: the two officers swap their firms (2 moves, spread 1.0)
    # where greedy keeps both (0 moves, the same spread).
    current = {"firm:1": {"user:1"}, "firm:2": {"user:2"}}
    problem = one_team([4, 4], current=current)
    swapped = {"firm:1": ("user:2",), "firm:2": ("user:1",)}
    monkeypatch.setattr(team_solver.TeamSolver, "solve", lambda self: (swapped, "optimal"))
    solution = solve(problem)
    assert solution.assigned == {"firm:1": ("user:1",), "firm:2": ("user:2",)} == greedy(problem).assigned
    assert (solution.moves, solution.spread, solution.team_status) == (0, 1.0, {TEAM_A: "feasible"})
    # an answer that trades moves for balance is not dominated: it stays
    uneven = one_team([4, 4, 5], current=current)   # greedy: firm:3 to user:1, firm:1 on to user:2: 5 / 8, 1 move
    kept = {"firm:1": ("user:1",), "firm:2": ("user:2",), "firm:3": ("user:2",)}
    monkeypatch.setattr(team_solver.TeamSolver, "solve", lambda self: (kept, "relaxed_optimal"))
    assert (greedy(uneven).moves, greedy(uneven).spread) == (1, 1.6)
    solution = solve(uneven)
    assert (solution.moves, solution.spread, solution.assigned) == (0, 9 / 4, kept)


def small_teams_county(seed: int) -> Problem:
    """6 teams (one town each) of 2 to 5 officers, about 1.8 units per officer (10..40 points, 1 in 7 needing 2
    officers): with so few units a team often cannot reach 1.2. The current assignment is an older one by officers
    of whom some left (and a new one may have joined); 1 unit in 10 is new. Small enough for CP-SAT to settle most
    teams within the time limit."""
    rng = random.Random(seed)
    teams, officers, units, current = [], [], [], {}
    for t in range(6):
        town, team = f"33028210{t}000", f"team:{t}"
        teams.append(Team(team, frozenset({town})))
        older = [f"user:{t}:{n}" for n in range(rng.randint(2, 5))]
        staying = [o for o in older if rng.random() > 0.15] or older[:1]
        officers += [Officer(o, team) for o in staying + [f"user:{t}:new"] * (rng.random() < 0.3)]
        for i in range(round(1.8 * len(older))):
            unit = Unit(f"firm:{t}:{i}", town, 2 if rng.random() < 0.15 else 1, rng.randint(10, 40))
            units.append(unit)
            if rng.random() > 0.1:
                current[unit.key] = frozenset(rng.sample(older, min(unit.needs, len(older))))
    return Problem(teams=teams, officers=officers, units=units, current=current)


def team_figures_of(problem: Problem, solution) -> dict[str, tuple[float, int]]:
    """Each team's (spread, moves), counted here from the solution's pairs."""
    out = {}
    for team in problem.teams:
        members = [o.key for o in problem.officers if o.team == team.key]
        load = dict.fromkeys(members, 0)
        lost = 0
        for unit in (u for u in problem.units if u.town in team.towns):
            for officer in solution.assigned[unit.key]:
                load[officer] += unit.weight
            lost += len(problem.current.get(unit.key, frozenset()) - set(solution.assigned[unit.key]))
        high, low = max(load.values()), min(load.values())
        out[team.key] = (math.inf if low == 0 else high / low, lost)
    return out


def test_no_team_answer_is_dominated_by_greedy_s():
    relaxed_teams = greedy_as_balanced = 0   # the cases the properties are about: they must occur
    for seed in (1, 2, 3, 4):
        problem = small_teams_county(seed)
        solution, baseline = solve(problem, time_limit_s=2.0), greedy(problem)
        team_of = {o.key: o.team for o in problem.officers}
        team_of_town = {town: team.key for team in problem.teams for town in team.towns}
        for unit in problem.units:   # every unit gets its officers, distinct and of its town's team
            assert len(set(solution.assigned[unit.key])) == unit.needs
            assert {team_of[o] for o in solution.assigned[unit.key]} == {team_of_town[unit.town]}
        ours, theirs = team_figures_of(problem, solution), team_figures_of(problem, baseline)
        for team, (spread_ours, moves_ours) in ours.items():
            spread_greedy, moves_greedy = theirs[team]
            if spread_greedy <= spread_ours:   # greedy at least as balanced: then it does not move fewer
                assert moves_ours <= moves_greedy
                greedy_as_balanced += 1
            if moves_greedy <= moves_ours:     # greedy moves no more: then it is not better balanced
                assert spread_ours <= spread_greedy
            # within the limit, or relaxed and within 5 % of the best found, which is no worse than greedy's
            relaxed = solution.team_status[team].startswith("relaxed")
            relaxed_teams += relaxed
            assert spread_ours <= 1.2 or (relaxed and spread_ours <= 1.05 * spread_greedy * (1 + 1e-12))
        assert solution.moves == sum(moves for _, moves in ours.values())
    assert relaxed_teams >= 4 and greedy_as_balanced >= 4
