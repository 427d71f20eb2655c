"""Uploading a supplier list on the web: who may, who gets 404, and the job
and rejects report that follow, visible to the uploader only."""
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from lianfu.chains.importing.columns import COLUMNS
from lianfu.common.enums import ImportStatus, JobStatus
from lianfu.common.models import ActivityLog, ImportJob
from tests.chains.test_import import A, S, links, tiers, write_csv
from tests.conftest import TOWN_A

pytestmark = pytest.mark.django_db


def upload(client, lead, path):
    """Upload, then confirm the mapping step with our guesses as they stand."""
    with open(path, "rb") as handle:
        response = client.post(reverse("chains:supplier_import", args=[lead.uscc]), {"file": handle})
    job = ImportJob.objects.filter(status=ImportStatus.MAPPING).first()
    if response.status_code == 302 and job is not None:
        guesses = {c["letter"]: c["field"] for c in job.summary["preview"]["columns"]}
        assert client.post(response["Location"], guesses).status_code == 302
    return response


def sheet(response) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def test_the_lead_firm_uploads_its_list_and_the_job_runs(tmp_path, personas, login, firm_x, firm_y):
    client = login(personas["firm_x"])
    response = upload(client, firm_x, write_csv(tmp_path / "list.csv", tiers(firm_y)))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("chains:supplier_import_job", args=[job.pk])
    assert (job.kind, job.options["lead"], job.status) == ("suppliers", firm_x.pk, JobStatus.DONE)
    assert (job.rows_total, job.created, job.updated, job.unchanged, job.rejected) == (5, 5, 0, 0, 0)
    assert len(links()) == 5 and (A, firm_x.uscc) in {(s, b) for s, b, *_rest in links()}
    page = client.get(response["Location"])
    assert page.status_code == 200 and "list.csv" in page.content.decode()
    assert reverse("chains:supplier_import", args=[firm_x.uscc]) in page.content.decode()
    form_page = client.get(reverse("chains:supplier_import", args=[firm_x.uscc])).content.decode()
    assert reverse("chains:supplier_import_job", args=[job.pk]) in form_page  # under "recent imports"
    log = ActivityLog.objects.get(action="import.suppliers.done")
    assert (log.actor, log.division_code, log.data["created"]) == (personas["firm_x"], TOWN_A, 5)


def test_an_officer_of_the_leads_town_may_upload(tmp_path, personas, login, firm_x, firm_y):
    response = upload(login(personas["town_a"]), firm_x, write_csv(tmp_path / "list.csv", tiers(firm_y)))
    assert response.status_code == 302
    assert ImportJob.objects.get().status == JobStatus.DONE
    assert len(links()) == 5


@pytest.mark.parametrize("persona,status", [
    ("firm_x", 200), ("town_a", 200), ("county", 200), ("admin", 200),
    ("town_b", 404), ("firm_y", 404), ("liaison_a", 403),
])
def test_import_page_access_and_isolation(personas, login, firm_x, persona, status):
    response = login(personas[persona]).get(reverse("chains:supplier_import", args=[firm_x.uscc]))
    assert response.status_code == status


@pytest.mark.parametrize("persona,status", [("town_b", 404), ("firm_y", 404), ("liaison_a", 403)])
def test_an_upload_by_someone_without_the_right_stores_nothing(tmp_path, personas, login, firm_x, firm_y, persona,
                                                               status):
    response = upload(login(personas[persona]), firm_x, write_csv(tmp_path / "list.csv", tiers(firm_y)))
    assert response.status_code == status
    assert not ImportJob.objects.exists() and links() == set()


def test_the_form_shows_the_columns_and_offers_the_template(personas, login, firm_x):
    client = login(personas["firm_x"])
    page = client.get(reverse("chains:supplier_import", args=[firm_x.uscc])).content.decode()
    for col in COLUMNS:
        assert col.aliases[0] in page and col.field in page
    assert reverse("chains:supplier_template") in page
    template = client.get(reverse("chains:supplier_template"))
    assert template.status_code == 200
    assert sheet(template) == [[col.aliases[0] for col in COLUMNS]]


def test_rejects_report_is_for_its_uploader_only(tmp_path, personas, login, firm_x, firm_y):
    rows = [*tiers(firm_y), [S, "丁电镀有限公司", "", "0", "", "", "", "", ""]]
    client = login(personas["firm_x"])
    upload(client, firm_x, write_csv(tmp_path / "list.csv", rows))
    job = ImportJob.objects.get()
    assert (job.created, job.rejected) == (5, 1)
    report_url = reverse("chains:supplier_import_report", args=[job.pk])
    assert report_url in client.get(reverse("chains:supplier_import_job", args=[job.pk])).content.decode()
    report = client.get(report_url)
    assert report.status_code == 200
    assert [(int(row[0]), row[1], row[4]) for row in sheet(report)[1:]] == [(7, S, "0")]
    for persona in ("town_a", "county", "firm_y"):
        other = login(personas[persona])
        assert other.get(report_url).status_code == 404
        assert other.get(reverse("chains:supplier_import_job", args=[job.pk])).status_code == 404


def test_the_job_page_polls_while_the_job_runs(tmp_path, personas, login, firm_x):
    job = ImportJob.objects.create(kind="suppliers", created_by=personas["firm_x"], original_name="list.csv",
                                   stored_path=str(tmp_path / "list.csv"), options={"lead": firm_x.pk},
                                   status=JobStatus.RUNNING, rows_done=50, rows_total=200)
    url = reverse("chains:supplier_import_job", args=[job.pk])
    fragment = login(personas["firm_x"]).get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in fragment and "25%" in fragment and "<h1>" not in fragment


def test_an_enterprise_import_job_is_not_a_supplier_import_job(tmp_path, personas, login):
    job = ImportJob.objects.create(kind="enterprises", created_by=personas["county"], original_name="x.csv",
                                   stored_path=str(tmp_path / "x.csv"), status=JobStatus.DONE)
    assert login(personas["county"]).get(reverse("chains:supplier_import_job", args=[job.pk])).status_code == 404

