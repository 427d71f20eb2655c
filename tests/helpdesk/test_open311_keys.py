"""The Open311 key in the X-Api-Key header: query strings end up in access
logs and proxies' URL logs, a header does not."""
import pytest
from django.test import Client
from django_scopes import scopes_disabled

from lianfu.accounts.models import ApiToken
from lianfu.helpdesk.domain import submit_ticket
from lianfu.helpdesk.enums import Channel
from lianfu.helpdesk.models import Ticket

pytestmark = pytest.mark.django_db

REQUESTS = "/open311/v2/requests.json"


@pytest.fixture
def ticket(personas, firm_x):
    return submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text="原材料供应短缺，钢材到不了厂",
                         category="supply")


def key_of(user) -> str:
    return ApiToken.issue(user=user, name="open311 client")[1]


def get(path=REQUESTS, **extra):
    return Client().get(path, HTTP_ACCEPT_LANGUAGE="en", **extra)


def test_a_key_in_the_header_reads_full_records(personas, ticket):
    public = get().json()
    full = get(HTTP_X_API_KEY=key_of(personas["firm_x"])).json()
    assert [r["service_request_id"] for r in public] == [r["service_request_id"] for r in full] == [ticket.pk]
    assert "description" not in public[0]
    assert full[0]["description"] == "原材料供应短缺，钢材到不了厂"


def test_a_key_in_the_header_files_a_request(personas, firm_x):
    reply = Client().post(REQUESTS, {"service_code": "supply", "attribute[enterprise_uscc]": firm_x.uscc,
                                     "description": "钢材供应商停产"}, HTTP_X_API_KEY=key_of(personas["town_a"]))
    assert reply.status_code == 200, reply.content
    with scopes_disabled():
        assert Ticket.objects.get().channel == Channel.OPEN311


def test_a_wrong_key_in_the_header_is_refused_not_read_as_no_key(personas, ticket):
    reply = get(HTTP_X_API_KEY="lf_not-a-key")
    assert (reply.status_code, reply.json()) == (
        403, [{"code": 403, "description": "Invalid api_key: it is unknown, revoked or expired."}])


def test_the_header_wins_over_the_argument(personas, ticket):
    """Two keys in one request: the header is the one used (a client moving to
    the header may still have an old argument in its URLs)."""
    reply = get(REQUESTS + "?api_key=lf_old-revoked-key", HTTP_X_API_KEY=key_of(personas["firm_x"]))
    assert reply.status_code == 200 and "description" in reply.json()[0]


def test_answers_vary_on_the_key_header(personas, ticket):
    """A shared cache must not give one key's records to another caller."""
    for reply in (get(), get(HTTP_X_API_KEY=key_of(personas["firm_x"])), get(HTTP_X_API_KEY="lf_wrong"),
                  get("/open311/v2/services.json")):
        assert "X-Api-Key" in reply["Vary"]


def test_discovery_tells_clients_about_the_header(personas):
    assert "X-Api-Key header" in get("/open311/v2/discovery.json").json()["key_service"]
