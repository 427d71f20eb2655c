"""Every URL of the URLconf, GET as an anonymous visitor and as each persona:
nothing answers 5xx.

The patterns are read from the resolver (not listed by hand), so a new page is
covered the day it is added. Path arguments are filled from a small world
(the chain network of tests/chains, a ticket with a photo, a package filing, a
guide, an import job, an API token, an enterprise whose phone changed); an
argument nothing here names gets a dummy, which the page must answer with a
4xx, not a crash."""
import itertools
import logging
import traceback

import pytest
from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils.regex_helper import normalize
from django_scopes import scopes_disabled

from lianfu.accounts.models import ApiToken
from lianfu.common.models import ImportJob
from lianfu.common.roles import Role
from lianfu.helpdesk import domain as helpdesk
from lianfu.projects.models import Project
from lianfu.registry.models import Department, Enterprise
from lianfu.restart import domain as restart
from lianfu.restart.domain.supplies import share_guide
from tests.chains.conftest import YUYAO, chain, net, stages  # noqa: F401  (the hand-built network)
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory
from tests.restart.pages import filing_of

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
DUMMY = "999999"


def url_patterns(resolver=None, pieces=()):
    """(name, [regex piece, …]) for every endpoint, includes unfolded."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        chain_ = (*pieces, pattern.pattern.regex.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, chain_)
        else:
            yield pattern.name, chain_


def model_of_admin_url(name: str):
    for model in admin_site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name and name.startswith(prefix):
            return model
    return None


class World:
    """The objects path arguments are filled with."""

    def __init__(self, personas, net, chain):
        firm_x, member = net["lead"], net["b"]
        self.personas = personas
        with scopes_disabled():
            self.ticket = helpdesk.submit_ticket(
                actor=personas["firm_x"], enterprise=firm_x, text="上游铜材供应商没复工，库存只够三天",
                category="supply", attachments=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")])
            self.attachment = self.ticket.attachments.get()
            restart.submit_package(actor=personas["firm_x"], lead=firm_x, member_ids=[net["a"].pk, member.pk],
                                   headcount_planned=300, commitments=["masks"])
            self.filing = filing_of(member)
            self.guide = share_guide(actor=personas["firm_x"], lead=firm_x,
                                     upload=SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf"),
                                     title="防疫指南")
            self.job = ImportJob.objects.create(kind="enterprises", created_by=personas["county"],
                                                original_name="firms.xlsx", stored_path="nowhere.xlsx")
            self.token, _ = ApiToken.issue(user=personas["town_a"], name="every-url")
            # A major project in town A, its liaison officer in charge: read, refused or not found by persona.
            self.project = Project.objects.create(
                county_id=COUNTY, town_id=firm_x.division_id, code="EVERY-URL", name="重大项目",
                total_investment=1000, stage="signed", officer=personas["liaison_a"])
            # A phone change, so the admin history pages have a diff to show.
            firm_x.contact_phone = "13812345678"
            firm_x.save()
            firm_x.contact_phone = "13987654321"
            firm_x.save()
            self.firm_x, self.member = firm_x, member

    def admin_object(self, name: str) -> list[str]:
        model = model_of_admin_url(name)
        if model is None:
            return [DUMMY]
        with scopes_disabled():
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return [str(pk) if pk is not None else DUMMY]

    def values(self, name: str | None, param: str) -> list[str]:
        """The values tried for one path argument of the URL named ``name``."""
        name = name or ""
        if param in ("uscc", "lead"):
            # The lead firm (town A) and a member of its chain in town B: in reach
            # of some personas, out of reach of others.
            return [self.firm_x.uscc, self.member.uscc]
        if param == "file_pk":
            return [str(self.attachment.pk)]
        if param == "pk":
            by_name = {
                "revoke_token": self.token.pk, "import_job": self.job.pk, "import_report": self.job.pk,
                "supplier_import_job": self.job.pk, "supplier_import_report": self.job.pk,
                "filing": self.filing.pk, "review_row": self.filing.pk, "get_filing": self.filing.pk,
                "confirm_filing": self.filing.pk, "resubmit_filing": self.filing.pk,
                "approve_filing": self.filing.pk, "return_filing": self.filing.pk,
                "guide_download": self.guide.pk,
                "project": self.project.pk, "edit": self.project.pk, "record_update": self.project.pk,
            }
            return [str(by_name.get(name, self.ticket.pk))]
        if param == "code":
            by_name = {"get_division": "330282004000", "get_industry": "3670", "service": "supply"}
            return [by_name.get(name, YUYAO)]  # hand-offs: the outside county the chain's supplier C is in
        if param == "code6":
            return ["330282"]
        if param == "fmt":
            return ["json", "xml"]
        if param == "value":
            return [self.ticket.token]
        if param == "path":
            return ["nothing-here.json"]
        if param == "url":
            return ["nothing-here/"]
        if param == "app_label":
            return ["registry"]
        if param == "id":  # the admin's password change for a user
            return [str(self.personas["town_a"].pk)]
        if param == "content_type_id":
            return [str(ContentType.objects.get_for_model(Enterprise).pk)]
        if name.endswith("_simple_history"):  # ^([^/]+)/history/([^/]+)/$: the object and one history row
            model = model_of_admin_url(name)
            with scopes_disabled():
                row = model.history.order_by("-history_id").first()
            if row is None:
                return [DUMMY]
            return [str(row.pk) if param == "_0" else str(row.history_id)]
        if param == "object_id":
            return self.admin_object(name)
        return [DUMMY]

    def urls(self) -> list[tuple[str, str]]:
        """(url, name) for every pattern and every combination of its argument values."""
        found = {}
        for name, pieces in url_patterns():
            # Each piece is normalised on its own (unnamed groups are numbered per piece).
            parts = [normalize(piece)[0] for piece in pieces]
            choices = []
            for template, params in parts:
                options = [self.values(name, param) for param in params]
                choices.append([template % dict(zip(params, combo)) for combo in itertools.product(*options)])
            for combo in itertools.product(*choices):
                found.setdefault("/" + "".join(combo), name)
        return sorted(found.items())


@pytest.fixture
def everyone(personas, net, chain, stages):  # noqa: F811
    """The personas, plus department staff and a county officer who uses the admin."""
    department = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy")
    return {
        **personas,
        "dept": UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=department),
        "county_staff": UserFactory(username="p_county_staff", role=Role.COUNTY_OFFICER, division_id=COUNTY,
                                    is_staff=True),
    }


@pytest.fixture
def quiet_request_log():
    """Thousands of refusals are expected here; their log lines (tracebacks for
    403s included) would bury the one line that matters. A 5xx is collected
    with its exception below instead."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def crash_of(response) -> str:
    if not response.exc_info:
        return ""
    frames = traceback.extract_tb(response.exc_info[2])
    where = next((f"{f.filename.split('/src/')[-1]}:{f.lineno}" for f in reversed(frames) if "/lianfu/" in f.filename),
                 f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "")
    return f"{response.exc_info[0].__name__}: {response.exc_info[1]} at {where}"


def test_no_url_answers_5xx_to_anyone(everyone, net, chain, settings, quiet_request_log,  # noqa: F811
                                      record_property):
    settings.SESSION_COOKIE_AGE = 24 * 3600
    world = World(everyone, net, chain)
    urls = world.urls()
    clients = {"anonymous": Client(raise_request_exception=False)}
    for key, user in everyone.items():
        clients[key] = Client(raise_request_exception=False)
        clients[key].force_login(user)

    failures = []
    for (url, name), (who, client) in itertools.product(urls, clients.items()):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {who} GET {url} ({name}) {crash_of(response)}")
    patterns = len(list(url_patterns()))
    summary = (f"{len(urls)} URLs ({patterns} patterns) × {len(clients)} personas (anonymous included) = "
               f"{len(urls) * len(clients)} tried, {len(failures)} 5xx")
    print(f"\n{summary}")
    record_property("summary", f"every URL: {summary}")  # shown in the run's summary (tests/conftest.py)
    assert not failures, summary + "\n" + "\n".join(failures)
    # No GET logged anyone out half-way (which would have made the rest anonymous).
    still_in = [who for who, client in clients.items() if who != "anonymous" and "_auth_user_id" in client.session]
    assert len(still_in) == len(everyone)
    assert len(urls) > 250, summary  # the walk reached the included URLconfs (admin, API, Open311)
