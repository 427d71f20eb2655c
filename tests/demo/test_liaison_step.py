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
