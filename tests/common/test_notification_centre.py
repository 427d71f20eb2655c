"""The notification centre: one's own notifications only, marking read, the topbar badge."""
import pytest
from django.utils import timezone

from lianfu.common.models import Notification
from lianfu.common.notifications import text
from tests.restart.pages import element

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(personas):
    x, y = personas["firm_x"], personas["firm_y"]
    return {
        "approved": Notification.objects.create(user=x, kind="filing.approved", url="/restart/filings/7/"),
        "returned": Notification.objects.create(user=x, kind="filing.returned", params={"reason": "缺章"},
                                                url="/restart/filings/8/"),
        "old": Notification.objects.create(user=x, kind="filing.approved", read_at=timezone.now()),
        "other": Notification.objects.create(user=y, kind="filing.returned", params={"reason": "别家的"}),
    }


def unread(user) -> set[int]:
    return set(Notification.objects.filter(user=user, read_at__isnull=True).values_list("pk", flat=True))


def test_a_user_reads_only_their_own_notifications(personas, notes, login):
    page = login(personas["firm_x"]).get("/notifications/")
    listed = element(page, "notifications")
    assert text(notes["returned"]) in listed.text and "缺章" in listed.text
    assert "别家的" not in page.content.decode()
    assert [i for i in ("approved", "returned", "old") if element(page, f"note-{notes[i].pk}")] == [
        "approved", "returned", "old"]
    unread_only = login(personas["firm_x"]).get("/notifications/?show=unread")
    assert element(unread_only, f"note-{notes['old'].pk}") is None
    assert element(unread_only, f"note-{notes['returned'].pk}") is not None


def test_the_topbar_badge_counts_unread(personas, notes, login):
    assert element(login(personas["firm_x"]).get("/"), "unread-count").text == "2"
    assert element(login(personas["firm_y"]).get("/"), "unread-count").text == "1"
    assert element(login(personas["county"]).get("/"), "unread-count") is None


def test_marking_one_read_touches_only_ones_own(personas, notes, login):
    client = login(personas["firm_x"])
    client.post("/notifications/read/", {"id": notes["approved"].pk})
    client.post("/notifications/read/", {"id": notes["other"].pk})            # someone else's: ignored
    assert unread(personas["firm_x"]) == {notes["returned"].pk}
    assert unread(personas["firm_y"]) == {notes["other"].pk}


def test_mark_all_read(personas, notes, login):
    response = login(personas["firm_x"]).post("/notifications/read/")
    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    assert unread(personas["firm_x"]) == set() and unread(personas["firm_y"]) == {notes["other"].pk}


def test_opening_a_notification_marks_it_read_and_follows_its_link(personas, notes, login):
    client = login(personas["firm_x"])
    response = client.post("/notifications/read/", {"id": notes["returned"].pk, "next": notes["returned"].url})
    assert response["Location"] == "/restart/filings/8/"
    assert unread(personas["firm_x"]) == {notes["approved"].pk}
    outside = client.post("/notifications/read/", {"id": notes["approved"].pk, "next": "https://evil.example/"})
    assert outside["Location"] == "/notifications/"


def test_the_centre_needs_a_login_and_the_read_mark_a_post(personas, login, client):
    assert client.get("/notifications/").status_code == 302
    assert login(personas["firm_x"]).get("/notifications/read/").status_code == 405
