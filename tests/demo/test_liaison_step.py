"""The demo's service teams, liaison officers and last month's assignment
(demo/liaison_step.py): exact counts of seed 2020, and the gaps it leaves
for `lianfu liaison assign`."""
import pytest

pytestmark = pytest.mark.django_db


def test_one_team_per_town_officers_in_proportion_and_a_drifted_assignment(small_demo):
    facts = small_demo.liaison
    # 191 above-scale industrial firms (1 place each), 106 buildings: 65 of 5,000 m² or more (2 places), 41 smaller.
    assert (facts["units"], facts["buildings"], facts["large_buildings"], facts["places"]) == (297, 106, 65, 362)
    assert facts["places"] == (facts["units"] - facts["buildings"]) + 2 * 65 + (106 - 65)
    assert (facts["teams"], facts["towns_served"], facts["leaders"]) == (24, 24, ["浒山街道服务组"])
    # About one officer per 3.3 places; 3 left since (no team any more); the `liaison` login is one of the officers.
    assert (facts["officers"], facts["officers_without_team"], facts["liaison_login_in_team"]) == (109, 3, True)
    # Last month's assignment covered every place but the 5 firms that became above-scale since;
    # 10 of its pairs are officers who left: the next assignment hands them over.
    assert (facts["current_pairs"], facts["units_nobody_has"], facts["pairs_of_officers_who_left"]) == (357, 5, 10)
    assert facts["current_pairs"] == facts["places"] - facts["units_nobody_has"]
    # The `liaison` login looks after firms, so "my firms" shows some: two firms and a building.
    assert facts["liaison_login_units"] == (2, 1)


def test_a_week_of_visits_leaves_some_firms_unvisited(small_demo):
    facts = small_demo.liaison
    # 250 visits over the seven days to Thursday 14 November (the demo's now, 15:20): fewer at the weekend
    # (9-10 November), half a day today; 116 of them to office buildings.
    assert facts["visit_days"] == {"2024-11-08": 34, "2024-11-09": 19, "2024-11-10": 10, "2024-11-11": 51,
                                   "2024-11-12": 51, "2024-11-13": 61, "2024-11-14": 24}
    assert (facts["visits"], facts["visits_to_buildings"]) == (sum(facts["visit_days"].values()), 116) == (250, 116)
    assert facts["visit_purposes"] == {"routine": 100, "prevention": 67, "restart": 40, "need": 20, "other": 23}
    # Every visit is by an officer who looks after the firm or building now, in its town: 101 of the 109 active
    # officers went out, to 214 of the 347 (officer, unit) pairs of active officers (357 current pairs less the
    # 10 of officers who left).
    assert (facts["pairs_not_current"], facts["visits_in_another_town"]) == (0, 0)
    assert facts["active_pairs"] == facts["current_pairs"] - facts["pairs_of_officers_who_left"] == 347
    assert (facts["pairs_visited"], facts["visiting_officers"]) == (214, 101)
    # The 6 needs filed that week as the liaison officer, by the firm's officer or by nobody named, are that
    # day's visits to the firm, linked to their tickets; the demo has no survey that week.
    assert (facts["visits_with_ticket"], facts["visits_on_their_ticket_day"], facts["visits_with_survey"]) == (
        facts["needs_filed_by_their_officer"], 6, 0) == (6, 6, 0)
    # Firms assigned now and not visited for 14 days: the coverage page's list.
    assert facts["firms_not_visited_14_days"] == 70
