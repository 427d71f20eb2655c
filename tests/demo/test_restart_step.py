"""The demo's four-sync history (demo/restart_step.py), read from the small
demo (seed 2020) and from tiny ones for determinism. Exact figures are those
of seed 2020: a change in them means the demo changed and should be looked at."""
from collections import Counter, defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lianfu.registry.stages import Stage
from lianfu.restart.enums import DEFAULT_CHECKLIST, Blocker, CheckKind, FilingStatus
from tests.demo.facts import COUNTY6

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENS, CLOSES = datetime(2020, 2, 24, 8, tzinfo=SHANGHAI), datetime(2020, 3, 6, 18, tzinfo=SHANGHAI)
CODES = {code for code, _zh, _en in DEFAULT_CHECKLIST}


def stage(facts, code: str) -> str:
    return facts.stages.get(code, (Stage.NOT_SURVEYED,))[0]


def in_county_members(facts) -> set[str]:
    leads = set(facts.lead_usccs)
    return {member for _lead, member, _tier, inside in facts.members if inside} - leads


def above_scale(facts) -> list[str]:
    return [code for code, firm in facts.enterprises.items()
            if firm["above_scale"] and (firm["division_id"] or "").startswith(COUNTY6)]


def test_restart_history_is_deterministic_for_a_seed(demo_run):
    first, again, other = demo_run("tiny", 7), demo_run("tiny", 7, take=2), demo_run("tiny", 8)
    assert first.restart.surveys and first.restart.filings and first.restart.checks
    assert again.restart.records() == first.restart.records()
    assert again.stages == first.stages
    assert other.restart.surveys != first.restart.surveys


def test_the_stored_stage_is_the_one_derived_from_the_records(small_demo):
    derived = small_demo.restart.derived
    assert len(derived) >= 6 * 20  # every stage sampled, unanswered package members included
    assert {value for value in derived.values()} == set(Stage.values)
    assert {code: stage(small_demo, code) for code in derived} == derived


def test_the_board_looks_like_early_march(small_demo):
    members = Counter(stage(small_demo, code) for code in in_county_members(small_demo))
    assert members == {Stage.RESTARTED: 311, Stage.PREVENTION_PASSED: 51, Stage.FILED: 41, Stage.APPROVED: 40,
                       Stage.SURVEYED: 52, Stage.NOT_SURVEYED: 54}
    total = sum(members.values())
    assert 0.55 <= members[Stage.RESTARTED] / total <= 0.65
    assert 0.08 <= members[Stage.NOT_SURVEYED] / total <= 0.12
    above = Counter(stage(small_demo, code) for code in above_scale(small_demo))
    assert 0.70 <= above[Stage.RESTARTED] / sum(above.values()) <= 0.80
    assert {stage(small_demo, code) for code in small_demo.lead_usccs} == {Stage.RESTARTED}


def test_every_lead_filed_one_package_of_its_in_county_members(small_demo):
    facts = small_demo.restart
    assert sorted(lead for lead, _at, _by in facts.packages) == sorted(small_demo.lead_usccs)
    assert {"firm", "firm2"} <= {by for _lead, _at, by in facts.packages}
    eligible = defaultdict(set)
    for lead, member, _tier, inside in small_demo.members:
        if inside:
            eligible[lead].add(member)
    filed = Counter(f[0] for f in facts.filings)
    assert max(filed.values()) == 1
    in_packages = {f[0]: f[1] for f in facts.filings if f[1] is not None}
    assert set(in_packages) == set().union(*eligible.values()) | set(small_demo.lead_usccs)
    filed_at = {lead: at for lead, at, _by in facts.packages}
    for firm, lead in in_packages.items():  # the first package naming a firm files it; later ones leave it alone
        assert lead == min((other for other in filed_at if other == firm or firm in eligible[other]), key=filed_at.get)
    for firm, _lead, status, *_rest, reviewed in (f[:8] for f in facts.filings):
        if status == FilingStatus.RETURNED:  # else a later package would have filed it again
            assert all(reviewed > filed_at[lead] for lead, firms in eligible.items() if firm in firms)


def test_firms_outside_every_chain_file_alone(small_demo):
    members = {member for _lead, member, *_rest in small_demo.members} | set(small_demo.lead_usccs)
    alone = [f for f in small_demo.restart.filings if f[1] is None]
    assert len(alone) == 290
    assert not [f for f in alone if f[0] in members]
    assert {f[2] for f in alone} == {FilingStatus.SUBMITTED, FilingStatus.APPROVED, FilingStatus.RETURNED}


def test_filings_are_in_every_state_and_returns_say_why(small_demo):
    filings = small_demo.restart.filings
    assert Counter(f[2] for f in filings) == {FilingStatus.APPROVED: 618, FilingStatus.SUBMITTED: 79,
                                             FilingStatus.AWAITING_MEMBER: 86, FilingStatus.RETURNED: 66}
    for firm, _lead, status, reason, version, created, submitted, reviewed, reviewer, planned, commitments in filings:
        assert bool(reason) == (status == FilingStatus.RETURNED or (status == FilingStatus.SUBMITTED and version >= 2))
        assert (reviewer == "county") == (reviewed is not None)
        if status == FilingStatus.AWAITING_MEMBER:
            assert (version, submitted, planned, commitments) == (0, None, None, ())
        else:
            assert submitted is not None and planned >= 1 and set(commitments) <= CODES
    resubmitted = [f for f in filings if f[2] == FilingStatus.SUBMITTED and f[3]]
    assert resubmitted and all(f[6] > f[7] for f in resubmitted)  # sent again after the return


def test_surveys_add_up_and_capacity_rises(small_demo):
    surveys = small_demo.restart.surveys
    per_firm = defaultdict(list)
    for survey in surveys:
        _firm, on, cap, total, duty, away, stock, blockers, _planned, _needs, _behalf, _by, created = survey
        assert duty + away <= total and 0 <= cap <= 100
        assert set(blockers) <= set(Blocker.values)
        assert date(2020, 2, 24) <= on <= date(2020, 3, 6) and on == created.astimezone(SHANGHAI).date()
        assert stock is None or 0 < stock <= 20
        per_firm[survey[0]].append(survey)
    assert len(surveys) == 1946
    assert Counter(len(rows) for rows in per_firm.values()) == {1: 374, 2: 378, 3: 272}
    for rows in per_firm.values():
        capacity = [row[2] for row in sorted(rows, key=lambda row: row[12])]
        assert capacity == sorted(capacity)
    needs = [row[9] for row in surveys if row[9]]
    assert len(needs) > 100 and all("\u4e00" <= text[0] <= "\u9fff" for text in needs)
    assert {row[11] for row in surveys if row[10]} >= {"liaison", "town2"}


def test_laggards_name_their_blockers(small_demo):
    """Firms not restarted by 6 March name what holds them back; firms surveyed
    after their restart seldom do."""
    restarted = {code: r[3] for code, r in small_demo.restart.restarts.items()}
    latest = {}
    for survey in sorted(small_demo.restart.surveys, key=lambda row: row[12]):
        latest[survey[0]] = survey
    laggards = [bool(row[7]) for firm, row in latest.items() if firm not in restarted]
    running = [bool(row[7]) for row in small_demo.restart.surveys
               if row[0] in restarted and row[12] >= restarted[row[0]]]
    assert sum(laggards) / len(laggards) > 0.8
    assert sum(running) / len(running) < 0.25


def test_inspections_name_what_failed_and_some_pass_at_a_second_visit(small_demo):
    checks = small_demo.restart.checks
    assert {kind for _f, kind, *_rest in checks} == set(CheckKind.values)
    for _firm, kind, results, passed, remarks, _at, _by in checks:
        assert {code for code, _done in results} == CODES
        if kind == CheckKind.SELF:
            assert passed is None and not remarks
        elif passed:
            assert all(done for _code, done in results) and not remarks
        else:
            assert remarks and not all(done for _code, done in results)
    inspections = defaultdict(list)
    for firm, kind, _results, passed, _remarks, at, _by in sorted(checks, key=lambda c: c[5]):
        if kind == CheckKind.INSPECTION:
            inspections[firm].append(passed)
    assert sum(verdicts == [False, True] for verdicts in inspections.values()) == 131
    assert "town" in {by for *_rest, by in checks}


def test_restarts_follow_approval_and_inspection_or_an_override(small_demo):
    facts = small_demo.restart
    assert len(facts.restarts) == 478 and len(facts.overrides) == 6
    assert {code for code, r in facts.restarts.items() if r[2]} == set(facts.overrides)
    assert all(reason and by == "county" for reason, _at, by in facts.overrides.values())
    assert all(facts.overrides[code][1] < r[3] for code, r in facts.restarts.items() if r[2])
    approved = {f[0]: f[7] for f in facts.filings if f[2] == FilingStatus.APPROVED}
    passed = {c[0]: c[5] for c in facts.checks if c[1] == CheckKind.INSPECTION and c[3]}
    for code, (on, capacity, overridden, at) in facts.restarts.items():
        assert 30 <= capacity <= 100 and on == at.astimezone(SHANGHAI).date()
        if not overridden:
            assert approved[code] < passed[code] < at


def test_leads_share_prevention_supplies_with_their_direct_suppliers(small_demo):
    facts = small_demo.restart
    assert set(small_demo.lead_usccs) <= set(facts.ledgers)
    direct = {(lead, member) for lead, member, tier, inside in small_demo.members if tier == 1 and inside}
    assert len(facts.transfers) == 26
    assert all((to, sender) in {(m, lead) for lead, m in direct} for sender, to, *_rest in facts.transfers)
    assert all(min(ledger[:3]) >= 0 for ledger in facts.ledgers.values())


def test_every_record_falls_in_office_hours_of_the_window(small_demo):
    facts = small_demo.restart
    moments = ([s[12] for s in facts.surveys] + [p[1] for p in facts.packages] + [c[5] for c in facts.checks]
               + [r[3] for r in facts.restarts.values()] + [o[1] for o in facts.overrides.values()]
               + [t[5] for t in facts.transfers] + [since for _stage, since in small_demo.stages.values()]
               + [moment for f in facts.filings for moment in f[5:8] if moment is not None])
    assert all(OPENS <= moment < CLOSES and 8 <= moment.astimezone(SHANGHAI).hour < 18 for moment in moments)
