"""走访: a liaison officer records a visit to a firm or an office building.

One step, one transaction: the visit, its photos and, for a firm, what the
visit produced on the firm's behalf, through the owning apps' own steps:
- a need becomes a helpdesk ticket (helpdesk.domain.submit_ticket), classified
  and routed like any other (department and town);
- a survey becomes the firm's four-sync survey (restart.domain.record_survey),
  so the firm's stage moves.
A failure anywhere leaves nothing: no visit, no ticket, no survey, and no photo
file (the files written are removed when the transaction fails). The photos
are checked whole before anything is written.

Who reads a visit: the officer who made it, the officers whose reach holds the
visit's town (county and town officers, the town's liaison officers), the
leader of the team serving that town, and administrators."""
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common import uploads
from lianfu.common.audit import log_activity
from lianfu.common.roles import OFFICER_ROLES, Role
from lianfu.common.scoping import covers, scope_for
from lianfu.common.workflow import require, step
from lianfu.helpdesk.domain import submit_ticket
from lianfu.helpdesk.enums import Channel, EventKind
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.enums import VisitPurpose
from lianfu.liaison.models import TeamTown, Visit, VisitPhoto
from lianfu.restart.domain import record_survey

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A 48-megapixel phone camera's full picture passes; a pixel bomb does not.
MAX_PHOTO_PIXELS = 50_000_000
PHOTO_FOLDER = "visits"
# How far back a visit may be dated: an officer writes up last week's calls, not last season's.
BACKDATE_DAYS = 30


@dataclass(frozen=True)
class Need:
    """A problem the firm raised on the visit; ``category`` is the officer's
    own choice (None: the classifier decides, as for any ticket)."""

    text: str
    category: str | None = None


def check_visit_date(visited_on: dt.date, today: dt.date) -> dt.date:
    if visited_on > today:
        raise ValidationError({"visited_on": _("A visit cannot be dated in the future.")})
    if visited_on < today - dt.timedelta(days=BACKDATE_DAYS):
        raise ValidationError({"visited_on": _("A visit can be recorded up to %(days)d days after it took place.")
                               % {"days": BACKDATE_DAYS}})
    return visited_on


def check_photos(files) -> list[tuple[object, str, str]]:
    """(file, content type, extension) for each photo, or a ValidationError
    naming the first refused one. The type is read from the file's bytes:
    a file named .jpg that is not a JPEG is refused."""
    return uploads.check_files(files, field="photos", kinds=uploads.IMAGES, max_count=MAX_PHOTOS,
                               max_bytes=MAX_PHOTO_BYTES,
                               too_many=_("At most %(count)d photos can be added to a visit."),
                               too_big=_("“%(name)s” is larger than 5 MB."),
                               wrong_kind=_("“%(name)s” is not a JPEG or PNG photo, whatever its name says."),
                               max_pixels=MAX_PHOTO_PIXELS,
                               too_many_pixels=_("“%(name)s” is larger than %(megapixels)d megapixels."))


def _save_photos(visit: Visit, checked, stored: list[str]) -> None:
    for upload, content_type, extension in checked:
        relative, size = uploads.store(upload, PHOTO_FOLDER, extension, MAX_PHOTO_BYTES)
        stored.append(relative)
        VisitPhoto.objects.create(visit=visit, path=relative, content_type=content_type, size=size)


@step
def record_visit(*, actor, enterprise=None, building=None, visited_on: dt.date | None = None,
                 purpose: str = VisitPurpose.ROUTINE, findings: str = "", photos=(), need: Need | None = None,
                 survey: dict | None = None, channel: str = Channel.WEB) -> Visit:
    """Record a visit to ``enterprise`` or ``building``. ``survey``: the survey
    form's fields (restart.domain.surveys.SURVEY_FIELDS), dated by the visit."""
    if (enterprise is None) == (building is None):
        raise TypeError("a visit is to one firm or one building")
    unit = enterprise if enterprise is not None else building
    require(actor, "liaison.record_visit", unit)
    if building is not None and (need is not None or survey is not None):
        raise ValidationError(_("Needs and surveys are recorded for firms, not for office buildings."))
    town_id = enterprise.division_id if enterprise is not None else building.town_id
    if not town_id:
        raise ValidationError(_("%(name)s has no town on record: ask the county to complete its registration "
                                "first.") % {"name": unit.name})
    visited_on = check_visit_date(visited_on or timezone.localdate(), timezone.localdate())
    if purpose not in VisitPurpose.values:
        raise ValidationError({"purpose": _("Unknown purpose “%(code)s”.") % {"code": purpose}})
    checked = check_photos(photos)
    stored: list[str] = []
    try:
        with transaction.atomic():
            ticket = None if need is None else submit_ticket(
                actor=actor, enterprise=enterprise, text=need.text, category=need.category or None, channel=channel)
            surveyed = None if survey is None else record_survey(
                actor=actor, enterprise=enterprise, surveyed_on=visited_on, **survey)
            visit = Visit.objects.create(officer=actor, enterprise=enterprise, building=building, town_id=town_id,
                                         visited_on=visited_on, purpose=purpose, findings=(findings or "").strip(),
                                         ticket=ticket, survey=surveyed)
            _save_photos(visit, checked, stored)
            unit_key = {"enterprise": enterprise.uscc} if enterprise is not None else {"building": building.name}
            log_activity(actor=actor, action="liaison.visit_recorded", subject=visit, division_code=town_id,
                         unit=unit.name, **unit_key, purpose=purpose, visited_on=visited_on.isoformat(),
                         photos=len(stored), ticket=ticket.pk if ticket else None,
                         survey=surveyed.pk if surveyed else None)
    except BaseException:
        uploads.remove_stored(stored)
        raise
    return visit


def may_read(user, visit: Visit) -> bool:
    """The visiting officer, officers reading the visit's town, the leader of
    the team serving it, administrators (docstring above)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.role == Role.ADMINISTRATOR or visit.officer_id == user.pk:
        return True
    if user.role in OFFICER_ROLES or user.role == Role.LIAISON_OFFICER:
        prefix = scope_for(user).get("division")
        if prefix and covers(prefix, visit.town_id):
            return True
    with scopes_disabled():   # a team's towns may lie outside its leader's own division
        return TeamTown.objects.filter(town_id=visit.town_id, team__leader_id=user.pk).exists()


def survey_ticket(visit: Visit) -> Ticket | None:
    """The ticket the visit's survey filed for needs it wrote anew (helpdesk.receivers.
    file_survey_needs, after the survey committed; its submission names the survey)."""
    if visit.survey_id is None:
        return None
    with scopes_disabled():     # the firm's survey tickets first (indexed), then the one naming this survey
        return (Ticket.objects.select_related("department", "town")
                .filter(enterprise_id=visit.enterprise_id, channel=Channel.SURVEY, events__kind=EventKind.SUBMITTED,
                        events__data__survey=visit.survey_id).first())
