"""Worker records imported from real files: validated, hashed, sealed, placed
by origin, idempotent, moved, flagged when a full roster no longer lists them."""
import csv
import datetime as dt
from pathlib import Path

import pytest
import time_machine
import xlsxwriter
from django.core.management import call_command
from django.utils import translation
from django_scopes import scopes_disabled

from lianfu.common import pii
from lianfu.common.models import ImportJob
from lianfu.registry.models import Division
from lianfu.workforce import roster_days
from lianfu.workforce.enums import OriginSource, StateSource, WorkerState
from lianfu.workforce.importing.workers import import_workers
from lianfu.workforce.models import Worker, WorkerStateChange
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number

pytestmark = pytest.mark.django_db
TODAY = dt.date(2020, 2, 20)

HEADERS = ["序号", "姓名", "身份证号码", "单位统一社会信用代码", "手机号码", "户籍地址", "参保日期", "岗位", "状态"]
ZHANG = id_number("341221", "19880302", 11)      # 临泉县 (current code)
LI = id_number("330227", "19700105", 21)         # 鄞县: retired 1983-2002, now 鄞州区
WANG = id_number("339999", "19920720", 31)       # no such county: placed by the address
ZHAO = id_number("339998", "19930808", 41)       # no such county, no address: unknown


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2020, 2, 20, 10, 0), tick=False), translation.override("en"):
        yield


@pytest.fixture
def firms():
    with scopes_disabled():
        return (EnterpriseFactory(division_id=TOWN_A, name="慈溪市甲电器有限公司"),
                EnterpriseFactory(division_id=TOWN_B, name="慈溪市乙塑业有限公司"),
                EnterpriseFactory(division_id="330281001000", name="余姚市丙轴承有限公司"))


def rows_for(a, b):
    return [
        ["1", "张伟", ZHANG, a.uscc, "13812345678", "安徽省阜阳市临泉县城关镇", "2018-03-01", "装配工", "未返岗"],
        ["2", "李娜", LI, a.uscc, "", "", "2019/7/1", "", "在岗"],
        ["3", "王强", WANG, b.uscc, "0574-63012345", "四川省巴中市平昌县驷马镇", "", "", ""],
        ["4", "赵敏", ZHAO, b.uscc, "", "", "", "质检", "已返岗"],
    ]


def write_xlsx(path: Path, rows, headers=HEADERS) -> Path:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_string(0, 0, "慈溪市参保职工名册（2020年2月）")
    for r, row in enumerate([headers, *rows], start=2):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return path


def run(path: Path, within=None, **kwargs):
    return import_workers(path, within=within, max_bytes=10 * 2**20, **kwargs)


def stored() -> list[tuple]:
    with scopes_disabled():
        return [(w.name, w.enterprise.name, w.id_masked, w.phone_masked, w.origin_id, w.origin_source, w.state)
                for w in Worker.objects.select_related("enterprise").order_by("name")]


def test_a_roster_lands_with_ids_hashed_masked_and_sealed(tmp_path, firms):
    a, b, _ = firms
    result = run(write_xlsx(tmp_path / "名册.xlsx", rows_for(a, b)))
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (4, 4, 0, 0, 0)
    assert [s["why"] for s in result.layout["skipped"]] == ["title"]
    assert stored() == [
        ("张伟", a.name, ZHANG[:6] + "********" + ZHANG[-4:], "138****5678", "341221000000", OriginSource.ID_NUMBER,
         WorkerState.AWAY),
        ("李娜", a.name, LI[:6] + "********" + LI[-4:], "", "330212000000", OriginSource.OLD_CODE,
         WorkerState.AT_WORK),
        ("王强", b.name, WANG[:6] + "********" + WANG[-4:], "057******2345", "511923000000", OriginSource.ADDRESS,
         WorkerState.AT_WORK),
        ("赵敏", b.name, ZHAO[:6] + "********" + ZHAO[-4:], "", None, OriginSource.UNKNOWN, WorkerState.BACK),
    ]
    with scopes_disabled():
        zhang = Worker.objects.get(name="张伟")
        # Nothing in clear: the hash is keyed, the seal opens to the three fields.
        assert ZHANG not in (zhang.id_hash, zhang.sealed, zhang.id_masked)
        assert zhang.id_hash == pii.keyed_hash(ZHANG)
        assert pii.unseal(zhang.sealed) == [ZHANG, "13812345678", "安徽省阜阳市临泉县城关镇"]
        assert (zhang.insured_from, zhang.position, zhang.state_since) == (dt.date(2018, 3, 1), "装配工", TODAY)
        assert list(WorkerStateChange.objects.order_by("worker__name").values_list(
            "worker__name", "enterprise__name", "day", "state", "source")) == [
            ("张伟", a.name, TODAY, WorkerState.AWAY, StateSource.IMPORT),
            ("李娜", a.name, TODAY, WorkerState.AT_WORK, StateSource.IMPORT),
            ("王强", b.name, TODAY, WorkerState.AT_WORK, StateSource.IMPORT),
            ("赵敏", b.name, TODAY, WorkerState.BACK, StateSource.IMPORT)]


def test_gbk_csv_with_english_headers(tmp_path, firms):
    a, b, _ = firms
    path = tmp_path / "workers.csv"
    with open(path, "w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "ID number", "Employer credit code", "Phone", "Household address"])
        writer.writerow(["张伟", ZHANG, a.uscc, "13812345678", "安徽省阜阳市临泉县"])
    result = run(path)
    assert (result.created, result.rejected) == (1, 0)
    assert stored()[0][:2] == ("张伟", a.name)


def test_every_bad_row_is_rejected_with_its_reason_and_the_good_ones_land(tmp_path, firms):
    a, b, outside = firms
    wrong_check = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    rows = [
        ["1", "张伟", ZHANG, a.uscc, "", "", "", "", ""],
        ["2", "钱七", wrong_check, a.uscc, "", "", "", "", ""],
        ["3", "孙八", id_number("341221", "19900231", 5), a.uscc, "", "", "", "", ""],
        ["4", "周九", id_number("341221", "20200301", 5), a.uscc, "", "", "", "", ""],
        ["5", "吴十", id_number("341221", "19900101", 6), outside.uscc, "", "", "", "", ""],
        ["6", "张伟", ZHANG, b.uscc, "", "", "", "", ""],
        ["7", "郑一", id_number("341221", "19900101", 7), a.uscc, "123", "", "2021-01-01", "", "休假"],
        ["8", "", id_number("341221", "19900101", 8), a.uscc, "", "", "", "", ""],
    ]
    county = Division.objects.get(code=COUNTY)
    result = run(write_xlsx(tmp_path / "名册.xlsx", rows), within=county)
    assert (result.created, result.rejected) == (1, 7)
    assert [(r.row, r.field, r.reason) for r in result.rejections] == [
        (5, "ID number", f"the check character (the last one) should be {ZHANG[-1]}, not {wrong_check[-1]}: "
                         "a typing error?"),
        (6, "ID number", "characters 7–14 are not a real date of birth (19900231)"),
        (7, "ID number", "the date of birth 2020-03-01 lies in the future"),
        (8, "employer credit code", "no enterprise with this credit code in your jurisdiction; import or register "
                                    "the employer first"),
        (9, "ID number", "the same ID number as row 4"),
        (10, "phone", "a mobile number (11 digits) or a landline such as 0574-63012345"),
        (10, "insured from", "lies in the future"),
        (10, "status", "not a status we know; write one of: 在岗、未返岗、返程中、已返岗、离职"),
        (11, "name", "the name is missing"),
    ]
    assert [name for name, *_ in stored()] == ["张伟"]


def test_re_import_is_idempotent_and_a_changed_employer_moves_the_worker(tmp_path, firms):
    a, b, _ = firms
    path = write_xlsx(tmp_path / "名册.xlsx", rows_for(a, b))
    run(path)
    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    with scopes_disabled():
        assert WorkerStateChange.objects.count() == 4
    moved = rows_for(a, b)
    moved[0][3] = b.uscc           # 张伟 now works for 乙
    moved[1][4] = "13900001111"    # 李娜 gave a phone
    with time_machine.travel(dt.datetime(2020, 2, 22, 9, 0), tick=False):
        result = run(write_xlsx(tmp_path / "名册2.xlsx", moved))
    assert (result.created, result.updated, result.unchanged) == (0, 2, 2)
    with scopes_disabled():
        zhang, li = Worker.objects.get(name="张伟"), Worker.objects.get(name="李娜")
        assert (zhang.enterprise_id, zhang.state, zhang.state_since, zhang.version) == (
            b.pk, WorkerState.AWAY, dt.date(2020, 2, 22), 2)
        assert (li.phone_masked, pii.unseal(li.sealed)[1], li.enterprise_id) == ("139****1111", "13900001111",
                                                                                       a.pk)
        assert li.phone_hash == pii.phone_key("13900001111") != zhang.phone_hash   # found at the door by it
        assert list(zhang.changes.values_list("enterprise_id", "day")) == [(a.pk, TODAY), (b.pk, dt.date(2020, 2, 22))]
        assert li.changes.count() == 1     # a new phone is not a state change
    assert roster_days.differences() == (0, [])     # the roster by day kept with both imports


def test_a_full_roster_flags_the_missing_and_deletes_nobody(tmp_path, firms):
    a, b, _ = firms
    run(write_xlsx(tmp_path / "名册.xlsx", rows_for(a, b)))
    only_zhang = [rows_for(a, b)[0]]
    partial = run(write_xlsx(tmp_path / "部分.xlsx", only_zhang))          # not full: nobody is flagged
    assert partial.notes == {}
    result = run(write_xlsx(tmp_path / "甲全员.xlsx", only_zhang), full=True)
    # Full for 甲 only (the one employer it names): 李娜 is flagged, 乙's workers are not.
    assert result.notes == {"missing_flagged": 1}
    with scopes_disabled():
        assert dict(Worker.objects.values_list("name", "missing_since")) == {
            "张伟": None, "李娜": TODAY, "王强": None, "赵敏": None}
    back = run(write_xlsx(tmp_path / "名册.xlsx", rows_for(a, b)))
    assert back.updated == 1
    with scopes_disabled():
        assert Worker.objects.filter(missing_since__isnull=False).count() == 0


def test_the_command_prints_what_it_did(tmp_path, firms, capsys):
    a, b, _ = firms
    labour = UserFactory(username="labour_cli", role="labour_officer", division_id=COUNTY)
    call_command("import_data", "workers", str(write_xlsx(tmp_path / "名册.xlsx", rows_for(a, b))),
                 "--as", labour.username, "--full")
    out = capsys.readouterr().out
    assert "4 rows: 4 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert "B「姓名」 → name (known header)" in out
    assert ImportJob.objects.get().options["full"] is True
    town_officer = UserFactory(username="town_cli", role="town_officer", division_id=TOWN_A)
    with pytest.raises(Exception, match="'town_cli' may not import workers"):
        call_command("import_data", "workers", str(tmp_path / "名册.xlsx"), "--as", town_officer.username)
