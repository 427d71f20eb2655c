"""Every event of the activity log reads as a sentence, in Chinese and English.

The first test reads the source: every action code any module writes with
``log_activity`` (directly or through a wrapper such as restart's ``audit`` or
helpdesk's ``record``, found by following parameters, not listed by hand) must
have its own sentence in common/activity_words.py."""
import ast
import re
from pathlib import Path

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

import lianfu
from lianfu.chains.domain import mark_hand_offs_sent
from lianfu.common import activity_words
from lianfu.common.audit import log_activity
from lianfu.common.enums import JobStatus
from lianfu.common.models import ActivityLog, ImportJob
from lianfu.helpdesk.enums import EventKind
from lianfu.registry.domain import update_enterprise
from lianfu.registry.models import Division
from lianfu.restart import domain as restart

SRC = Path(lianfu.__file__).parent
ENUMS = {"EventKind": EventKind, "JobStatus": JobStatus}


def import_kinds() -> list[str]:
    """Every import kind (each importing package names its KIND)."""
    found = {m for path in SRC.rglob("*.py")
             for m in re.findall(r'^KIND\s*=\s*"(\w+)"', path.read_text(encoding="utf-8"), re.M)}
    assert {"enterprises", "suppliers"} <= found
    return sorted(found)


# f-string pieces that are not a parameter of the function writing the event.
EXPANSIONS = {"job.kind": import_kinds, "job.status": lambda: [*JobStatus.values]}


class _Sink:
    """A function that ends up in log_activity: which argument is the action,
    and how the value passed there becomes the action code(s)."""

    def __init__(self, index, keyword, make=lambda code: [code]):
        self.index, self.keyword, self.make = index, keyword, make


def _calls(tree):
    """(the def it is in, or None at module level; the call) for every call."""
    out = []

    def visit(node, enclosing):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call):
                out.append((enclosing, child))
            visit(child, child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else enclosing)

    visit(tree, None)
    return out


def _params(function) -> list[str]:
    if function is None:
        return []
    names = [a.arg for a in function.args.posonlyargs + function.args.args]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _name(call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def action_codes() -> tuple[set[str], list[str]]:
    """Every action code written anywhere in src, and what could not be read.

    Starts from log_activity; a function that passes one of its own parameters
    as the action becomes a sink too, and its callers are read in turn."""
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            calls += [(path, function, call) for function, call in _calls(ast.parse(path.read_text("utf-8")))]
    sinks = {"log_activity": _Sink(None, "action")}
    codes, unreadable, read = set(), [], set()
    progress = True
    while progress:
        progress = False
        for number, (path, function, call) in enumerate(calls):
            sink = sinks.get(_name(call))
            if sink is None or number in read:
                continue
            read.add(number)
            progress = True
            node = next((k.value for k in call.keywords if k.arg == sink.keyword), None)
            if node is None and sink.index is not None and len(call.args) > sink.index:
                node = call.args[sink.index]
            if node is None:
                unreadable.append(f"{path.name}:{call.lineno} {_name(call)}() without its action")
                continue
            codes.update(_values(node, function, f"{path.name}:{call.lineno}", sinks, sink, unreadable))
    return codes, unreadable


def _values(node, function, where, sinks, sink, unreadable) -> list[str]:
    params = _params(function)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return sink.make(node.value)
    if isinstance(node, ast.IfExp):
        return (_values(node.body, function, where, sinks, sink, unreadable)
                + _values(node.orelse, function, where, sinks, sink, unreadable))
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ENUMS:
        return sink.make(ENUMS[node.value.id][node.attr].value)
    if isinstance(node, ast.Name) and node.id in params:
        # The enclosing function passes its own parameter on: its callers say the action.
        sinks[function.name] = _Sink(params.index(node.id), node.id, sink.make)
        return []
    if isinstance(node, ast.JoinedStr):
        templates, through = [""], None
        for part in node.values:
            if isinstance(part, ast.Constant):
                options = [part.value]
            elif isinstance(part.value, ast.Name) and part.value.id in params:
                through, options = part.value.id, ["{through}"]
            elif ast.unparse(part.value) in EXPANSIONS:
                options = EXPANSIONS[ast.unparse(part.value)]()
            else:
                unreadable.append(f"{where} f-string piece {ast.unparse(part.value)!r}")
                return []
            templates = [t + o for t in templates for o in options]
        if through is None:
            return [code for t in templates for code in sink.make(t)]
        sinks[function.name] = _Sink(params.index(through), through, lambda code, ts=templates, make=sink.make: [
            c for t in ts for c in make(t.replace("{through}", code))])
        return []
    unreadable.append(f"{where} {ast.unparse(node)!r}")
    return []


def test_every_action_written_in_the_source_has_a_sentence():
    codes, unreadable = action_codes()
    assert unreadable == []
    # The reader found the direct calls, the wrappers and the f-strings alike.
    assert {"enterprise.contact_revealed", "town_alias.changed", "filing.approved", "filing.resubmitted",
            "ticket.merged", "ticket.routed", "import.enterprises.done", "import.suppliers.mapped",
            "import.suppliers.failed", "api_token.issued", "work_calendar.saved"} <= codes
    assert len(codes) > 50
    assert sorted(code for code in codes if not activity_words.has_sentence(code)) == []
    assert sorted(code for code in codes if activity_words.family(code) is None) == []


def test_every_ticket_event_kind_has_a_sentence():
    assert [k for k in EventKind.values if not activity_words.has_sentence(f"ticket.{k}")] == []


def test_every_sentence_renders_whatever_the_data(db):
    """Old rows may lack a field a sentence names: a dash, never an error."""
    for code in [*activity_words.SENTENCES, "import.enterprises.done", "import.suppliers.queued"]:
        entry = ActivityLog(action=code, subject_type="registry.enterprise", subject_id="0", data={})
        for language in ("zh-hans", "en"):
            with translation.override(language):
                text = activity_words.describe([entry])[0]
            assert "%(" not in text and code not in text and text


def sentence_of(entry, language: str) -> str:
    with translation.override(language):
        return activity_words.describe([entry])[0]


@pytest.fixture
def zhang(personas):
    user = personas["town_a"]
    user.first_name = "张三"
    user.save(update_fields=["first_name"])
    return user


def test_an_approved_filing_in_words(personas, firm_x, zhang):
    filing = restart.file_alone(actor=personas["firm_x"], enterprise=firm_x, headcount_planned=10,
                                commitments=["masks"])
    restart.approve_filing(actor=zhang, filing=filing, version=filing.version)
    entry = ActivityLog.objects.select_related("actor").get(action="filing.approved")
    assert sentence_of(entry, "zh-hans") == "张三 审核通过了慈溪市甬达电器有限公司的备案"
    assert sentence_of(entry, "en") == "张三 approved the filing of 慈溪市甬达电器有限公司"


def test_an_edited_enterprise_names_the_fields_by_their_labels(firm_x, zhang, personas):
    county = personas["county"]
    county.first_name = "李四"
    county.save(update_fields=["first_name"])
    with scopes_disabled():
        update_enterprise(actor=county, enterprise=firm_x, employees=400, contact_name="王五")
    entry = ActivityLog.objects.select_related("actor").get(action="enterprise.updated")
    assert sentence_of(entry, "en") == "李四 edited the employees, contact person of 慈溪市甬达电器有限公司"
    with translation.override("zh-hans"):
        employees, contact = translation.gettext("employees"), translation.gettext("contact person")
    assert sentence_of(entry, "zh-hans") == f"李四 修改了慈溪市甬达电器有限公司的{employees}、{contact}"


def test_an_import_in_words(personas):
    job = ImportJob.objects.create(kind="enterprises", created_by=personas["county"], original_name="名录.xlsx",
                                   stored_path="x")
    log_activity(actor=personas["county"], action="import.enterprises.done", subject=job, file="名录.xlsx",
                 created=3, updated=1, unchanged=0, rejected=2, error="")
    entry = ActivityLog.objects.select_related("actor").get(action="import.enterprises.done")
    assert sentence_of(entry, "zh-hans") == "p_county 从 名录.xlsx 导入了企业名录：新增 3 条，更新 1 条，退回 2 条"
    assert sentence_of(entry, "en") == ("p_county imported the enterprise registry from 名录.xlsx: "
                                        "3 added, 1 updated, 2 rejected")


def test_division_codes_read_as_place_names(personas, zhang):
    personas["county"].first_name = "张三"
    personas["county"].save(update_fields=["first_name"])
    county = Division.objects.get(code="330282000000")
    mark_hand_offs_sent(actor=personas["county"], county=county, to_county_code="330281", supplier_ids=[])
    entry = ActivityLog.objects.select_related("actor").get(action="hand_off.sent")
    yuyao = Division.objects.get(code="330281000000").name
    assert sentence_of(entry, "zh-hans") == f"张三 向{yuyao}移交了 0 家供应商"
    assert sentence_of(entry, "en") == f"张三 handed 0 suppliers over to {yuyao}"


def test_an_unknown_code_still_reads_as_a_sentence(firm_x):
    log_activity(actor=None, action="mystery.happened", subject=firm_x, flavour="x")
    entry = ActivityLog.objects.select_related("actor").get(action="mystery.happened")
    assert sentence_of(entry, "zh-hans") == "系统 对企业 慈溪市甬达电器有限公司进行了操作"
    assert sentence_of(entry, "en") == "The system acted on enterprise 慈溪市甬达电器有限公司"


def test_a_deleted_subject_is_named_from_the_event(personas):
    from lianfu.registry.domain import add_town_alias, delete_town_alias

    county = personas["county"]
    with scopes_disabled():
        alias = add_town_alias(actor=county, county=Division.objects.get(code="330282000000"), old_name="浒山镇",
                               old_code="", division=Division.objects.get(code="330282004000"),
                               changed_on="2001-01-01", source="慈政〔2001〕1号")
        delete_town_alias(actor=county, alias=alias)
    entry = ActivityLog.objects.select_related("actor").get(action="town_alias.deleted")
    town = Division.objects.get(code="330282004000").name
    assert sentence_of(entry, "zh-hans") == f"p_county 删除了{town}的曾用名浒山镇"


def test_names_are_read_in_one_query_per_kind_of_subject(personas, firm_x, firm_y, django_assert_num_queries):
    for firm in [firm_x, firm_y] * 10:
        log_activity(actor=personas["county"], action="enterprise.contact_revealed", subject=firm,
                     division_code=firm.division_id)
        log_activity(actor=personas["county"], action="restart.confirmed", subject=firm, enterprise=firm.uscc,
                     capacity_pct=80)
    entries = list(ActivityLog.objects.select_related("actor"))
    assert len(entries) == 40
    # the enterprises named as subjects, then those named by credit code in the data
    with django_assert_num_queries(2):
        sentences = activity_words.describe(entries)
    assert all("慈溪市" in s for s in sentences)


def test_a_vanished_subject_is_named_by_the_firm_the_event_kept(firm_x, personas):
    """Restart and ticket events keep the firm's credit code: the sentence names the
    firm even when the record itself is gone."""
    entry = ActivityLog(action="ticket.accepted", subject_type="helpdesk.ticket", subject_id="999999",
                        data={"enterprise": firm_x.uscc}, actor=personas["county"])
    assert sentence_of(entry, "en") == "p_county accepted ticket #999999 of 慈溪市甬达电器有限公司"
    assert sentence_of(entry, "zh-hans") == "p_county 签收了慈溪市甬达电器有限公司的诉求 #999999"
