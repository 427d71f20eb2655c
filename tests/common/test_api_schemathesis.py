"""Schemathesis against /api/, in-process, as a county officer and as an
enterprise user of a tiny demo county: no answer is a server error, and every
answer is one the OpenAPI document declares (its status, its content type, its
body, its required headers such as a 401's WWW-Authenticate).

Each operation gets schemathesis' examples, coverage (boundaries, missing and
wrong-typed inputs, no credentials) and fuzzing phases with generated path
parameters, then fuzzing with the path parameters of real records (the
firm's own, a chain's lead, a filing at each status, …), so that requests
reach the domain and not only its 404. Requests go through Django's test
handler on this thread: everything they write stays in the test's
transaction. Deterministic (derandomized), bounded by MAX_EXAMPLES."""
import time
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.test.client import ClientHandler
from django_scopes import scopes_disabled
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lianfu.accounts.models import ApiToken, User
from lianfu.chains.models import Chain
from lianfu.chains.queries import hand_off_groups
from lianfu.demo.generate import generate
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Enterprise, EnterpriseStage
from lianfu.restart.models import Filing
from tests.conftest import suite_settings

pytestmark = pytest.mark.django_db

CHECKS = {
    not_a_server_error: "server errors",
    status_code_conformance: "undocumented statuses",
    content_type_conformance: "schema violations",
    response_schema_conformance: "schema violations",
    response_headers_conformance: "schema violations",
}
MAX_EXAMPLES = 8          # fuzzed cases per operation and phase (the coverage phase adds its own)
MAX_REAL_EXAMPLES = 16    # fuzzed cases per operation on real records
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


def in_process(handler=None):
    """Django's test handler as a WSGI application: the request runs on this
    thread, on the test's connection and inside its transaction (the plain
    WSGI handler would close that connection at the end of every request)."""
    handler = handler or ClientHandler(enforce_csrf_checks=True)

    def app(environ, start_response):
        response = handler(environ)
        headers = [*response.items(), *(("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [b"".join(response) if response.streaming else response.content]

    return app


class Tally:
    def __init__(self, who: str):
        self.who = who
        self.cases = 0
        self.counts = Counter()
        self.statuses = Counter()
        self.failures = {}   # (operation, check, status) -> the first such failure, for the message

    def record(self, case, response, check, error):
        self.counts[CHECKS[check]] += 1
        failures = error.exceptions if isinstance(error, FailureGroup) else [error]
        key = (case.operation.label, check.__name__, response.status_code)
        if key not in self.failures:
            self.failures[key] = (f"{' '.join(map(str, key))}: {failures[0].title}\n  {failures[0].message[:500]}\n"
                                  f"  {case.as_curl_command()}\n  -> {response.content[:300]!r}")

    def line(self) -> str:
        return (f"schemathesis ({self.who}): {self.cases} cases, {self.counts['server errors']} server errors, "
                f"{self.counts['undocumented statuses']} undocumented statuses, "
                f"{self.counts['schema violations']} schema violations")


def run(schema, key: str, real_parameters, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {key}"}

    def one(case):
        tally.cases += 1
        response = case.call(headers=headers)
        tally.statuses[response.status_code] += 1
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check], headers=headers)
            except (FailureGroup, Failure) as error:
                tally.record(case, response, check, error)

    config = schema.config
    for result in schema.get_all_operations():
        operation = result.ok()
        settings = hypothesis.settings(
            config.get_hypothesis_settings(operation=operation, phase="fuzzing", apply_ci_profile=False),
            suppress_health_check=list(hypothesis.HealthCheck))
        create_test(operation=operation, test_func=one, config=HypothesisTestConfig(
            project=config, settings=settings, apply_ci_profile=False,
            modes=[HypothesisTestMode.EXAMPLES, HypothesisTestMode.COVERAGE, HypothesisTestMode.FUZZING],
        ))()
        real = real_parameters(operation)
        if real:
            cases = st.sampled_from(real).flatmap(lambda parameters, operation=operation: st.one_of(
                [operation.as_strategy(mode, path_parameters=parameters) for mode in MODES]))
            hypothesis.settings(settings, max_examples=MAX_REAL_EXAMPLES)(hypothesis.given(case=cases)(one))()


@pytest.fixture(scope="module")
def demo(module_transaction, django_db_blocker, tmp_path_factory):
    """The tiny demo county (300 firms, 3 chains with outside suppliers,
    surveys, filings, inspections, tickets) and, per operation, the path
    parameters of its real records. Generated once for both runs below: it
    stays for the rest of this module (the test that uses it comes last), and
    what each run writes is rolled back after it (tests/conftest.py:
    module_transaction), so each starts from the same county."""
    with django_db_blocker.unblock(), suite_settings(tmp_path_factory.mktemp("media")):
        generate(size="tiny", seed=7)
        with scopes_disabled():
            firm = User.objects.get(username="firm").enterprise
            other = User.objects.get(username="firm2").enterprise
            by_stage = {stage: uscc for stage, uscc in EnterpriseStage.objects.order_by("-enterprise_id")
                        .values_list("stage", "enterprise__uscc")}
            leads = list(Chain.objects.order_by("id").values_list("lead__uscc", flat=True))
            outside = [row.member.uscc for group in hand_off_groups("330282") for row in group.rows][:3]
            filings = {status: pk for status, pk in Filing.objects.order_by("-id").values_list("status", "id")}
            own_filings = list(Filing.objects.filter(enterprise=firm).values_list("id", flat=True)[:2])
            tickets = list(Ticket.objects.order_by("id").values_list("id", flat=True)[:3])
            own_tickets = list(Ticket.objects.filter(enterprise=firm).values_list("id", flat=True)[:2])
            never_surveyed = Enterprise.objects.filter(stage_record__isnull=True).values_list("uscc", flat=True).first()
    assert by_stage.keys() >= {"surveyed", "filed", "approved", "restarted"} and leads and outside and filings, \
        "the tiny demo no longer has what these runs need"
    uscc = [firm.uscc, other.uscc, *by_stage.values(), *leads[:1], *outside[:1], never_surveyed]
    values = {
        "uscc": uscc, "outside": [*outside, firm.uscc], "lead": [*leads, *outside[:1], firm.uscc],
        "filings": [*filings.values(), *own_filings], "tickets": [*tickets, *own_tickets],
        "divisions": ["330282000000", "330282004000", "330200000000"], "industries": ["C", "38", "3857"],
        "code6": ["330282", "330281", "110101"],
    }

    def real_parameters(operation) -> list[dict]:
        names = [p.name for p in operation.path_parameters]
        if not names:
            return []
        [name] = names
        kind = {"pk": "tickets" if "/tickets/" in operation.path else "filings",
                "code": "industries" if "/industries/" in operation.path else "divisions",
                "uscc": "outside" if "/hand-offs/" in operation.path else "uscc"}.get(name, name)
        return [{name: value} for value in dict.fromkeys(values[kind]) if value]

    return real_parameters


def documented(schema, label: str, **parts):
    """Send one request to the operation ``label`` and return the failures of every check."""
    case = schema.find_operation_by_label(label).Case(**parts)
    response = case.call()
    failures = []
    for check in CHECKS:
        try:
            case.validate_response(response, checks=[check], headers=parts.get("headers"))
        except (FailureGroup, Failure) as error:
            failures += error.exceptions if isinstance(error, FailureGroup) else [error]
    return response, [f.title for f in failures]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer lf_not-a-token"}, {"Authorization": "Bearer x"}],
                         ids=["no credentials", "unknown token", "not a token"])
@pytest.mark.parametrize("label", ["GET /api/chains", "POST /api/helpdesk/tickets"])
def test_401_asks_for_a_bearer_token_as_documented(firm_x, label, headers):
    """Also for an unsafe method: without a session there is no CSRF 403, only the 401."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", in_process())
    body = {"enterprise_uscc": firm_x.uscc, "text": "缺料"} if label.startswith("POST") else schemathesis.core.NOT_SET
    response, failures = documented(schema, label, headers=headers, body=body,
                                    media_type="application/json" if label.startswith("POST") else None)
    assert response.status_code == 401 and failures == []
    assert response.headers["www-authenticate"][0].startswith("Bearer realm=")
    assert ("invalid_token" in response.headers["www-authenticate"][0]) == bool(headers)


def test_429_says_when_to_come_back_as_documented(db, settings):
    settings.LIANFU_TOKEN_FAILURE_LIMIT = 2
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", in_process())
    for _ in range(2):
        assert documented(schema, "GET /api/chains", headers={"Authorization": "Bearer lf_wrong"})[0].status_code == 401
    response, failures = documented(schema, "GET /api/chains", headers={"Authorization": "Bearer lf_wrong"})
    assert response.status_code == 429 and failures == []
    assert int(response.headers["retry-after"][0]) > 0


def test_every_operation_documents_its_refusals():
    """What the framework answers for every operation is in the document too,
    401 with the WWW-Authenticate header, each with the shared error body."""
    from lianfu.api import api

    document = api.get_openapi_schema()
    operations = [(f"{method.upper()} {path}", operation) for path, item in document["paths"].items()
                  for method, operation in item.items()]
    assert len(operations) > 30
    for label, operation in operations:
        responses = operation["responses"]
        assert {"401", "429"} <= responses.keys(), label
        assert responses["401"]["headers"]["WWW-Authenticate"]["required"], label
        assert responses["429"]["headers"]["Retry-After"]["required"], label
        if "requestBody" in operation:
            assert {"400", "403", "422"} <= responses.keys(), label
        for status, response in responses.items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": f"#/components/schemas/{'Invalid' if status == '422' else 'Error'}"}, \
                    (label, status)


@pytest.mark.parametrize("username", ["county", "firm"])
def test_every_answer_is_documented_and_none_is_a_server_error(demo, username, record_property):
    app = in_process()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none", modes=MODES)
    with scopes_disabled():
        _token, key = ApiToken.issue(user=User.objects.get(username=username), name="schemathesis")
    tally = Tally({"county": "county officer", "firm": "enterprise user"}[username])
    started = time.monotonic()
    run(schema, key, demo, tally)
    line = f"{tally.line()} [{time.monotonic() - started:.0f} s; statuses {dict(sorted(tally.statuses.items()))}]"
    print(line)
    record_property("summary", line)
    assert tally.cases > 1000 and tally.statuses[200] and tally.statuses[201], line
    assert not tally.counts, "\n".join([line, *tally.failures.values()])
