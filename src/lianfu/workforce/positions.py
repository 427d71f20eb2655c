"""Open positions (用工缺口): a firm enters and closes its own; a labour officer
may do it for a firm of the county. Every change is one function here, audited
under the firm's town. Reads: what is open on a day, by firm and by town, with
each firm's on-duty rate from workforce.onduty (its one definition)."""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.common.roles import Role
from lianfu.registry.models import Enterprise
from lianfu.workforce.enums import PositionSource
from lianfu.workforce.models import OpenPosition
from lianfu.workforce.onduty import OnDuty, OnDutyBook

EDITABLE = ("title", "count", "note")


def _require(actor, enterprise: Enterprise) -> None:
    if not actor.has_perm("workforce.change_positions", enterprise):
        raise PermissionDenied


def _check(title: str, count: int, note: str) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Name the position.")
    elif len(title.strip()) > 50:
        errors["title"] = _("At most 50 characters.")
    if not isinstance(count, int) or count < 1:
        errors["count"] = _("At least 1.")
    if len(note or "") > 200:
        errors["note"] = _("At most 200 characters.")
    if errors:
        raise ValidationError(errors)


def _log(actor, action: str, position: OpenPosition, **data) -> None:
    log_activity(actor=actor, action=action, subject=position, division_code=position.enterprise.division_id or "",
                 enterprise=position.enterprise.uscc, title=position.title, count=position.count, **data)


def open_position(*, actor, enterprise: Enterprise, title: str, count: int, note: str = "",
                  opened_on: dt.date | None = None) -> OpenPosition:
    _require(actor, enterprise)
    _check(title, count, note)
    source = PositionSource.FIRM if actor.role == Role.ENTERPRISE_USER else PositionSource.OFFICER
    with transaction.atomic():
        position = OpenPosition.objects.create(
            enterprise=enterprise, title=title.strip(), count=count, note=(note or "").strip(), source=source,
            opened_on=opened_on or timezone.localdate(), created_by=actor if actor.is_authenticated else None)
        _log(actor, "open_position.opened", position, source=str(source))
    return position


def change_position(*, actor, position: OpenPosition, **changes) -> list[str]:
    """Set title, count and/or note of an open position; the names of those that changed."""
    _require(actor, position.enterprise)
    if position.closed_on is not None:
        raise ValidationError(_("This position is closed."))
    after = {name: changes.get(name, getattr(position, name)) for name in EDITABLE}
    after["title"], after["note"] = (after["title"] or "").strip(), (after["note"] or "").strip()
    _check(**after)
    changed = [name for name in EDITABLE if after[name] != getattr(position, name)]
    if changed:
        with transaction.atomic():
            for name in changed:
                setattr(position, name, after[name])
            position.save(update_fields=changed)
            _log(actor, "open_position.changed", position, fields=changed)
    return changed


def close_position(*, actor, position: OpenPosition, day: dt.date | None = None) -> None:
    """Filled or withdrawn: not open from ``day`` (default today) on."""
    _require(actor, position.enterprise)
    if position.closed_on is not None:
        raise ValidationError(_("This position is closed."))
    day = day or timezone.localdate()
    with transaction.atomic():
        # A position opened later than the day it is closed on closes the day it opened.
        position.closed_on = max(day, position.opened_on)
        position.save(update_fields=["closed_on"])
        _log(actor, "open_position.closed", position, closed_on=position.closed_on.isoformat())


def open_on(day: dt.date) -> Q:
    """Open on ``day``: opened on or before it, not closed on or before it."""
    return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


@dataclass
class FirmOpenings:
    pk: int
    uscc: str
    name: str
    town: str
    titles: list[str] = field(default_factory=list)
    openings: int = 0
    on_duty: OnDuty | None = None       # None: no on-duty figure (shown as —)


@dataclass
class TownOpenings:
    code: str
    name: str
    firms: int = 0
    openings: int = 0
    on_duty: OnDuty | None = None       # the hiring firms together (OnDutyBook.total_on)


@dataclass
class Openings:
    day: dt.date
    firms: list[FirmOpenings]
    towns: list[TownOpenings]

    @property
    def openings(self) -> int:
        return sum(f.openings for f in self.firms)


def openings_on(day: dt.date) -> Openings:
    """The open positions the caller may see (scoped) on ``day``, by firm (most
    openings first) and by town, with on-duty rates from the OnDutyBook."""
    firms: dict[int, FirmOpenings] = {}
    town_of: dict[int, tuple[str, str]] = {}
    rows = (OpenPosition.objects.filter(open_on(day)).order_by("enterprise_id", "opened_on", "id")
            .values_list("enterprise_id", "enterprise__uscc", "enterprise__name", "enterprise__division_id",
                         "enterprise__division__name", "title", "count"))
    for firm, uscc, name, town, town_name, title, count in rows:
        entry = firms.setdefault(firm, FirmOpenings(firm, uscc, name, town_name or ""))
        entry.titles.append(f"{title} × {count}")
        entry.openings += count
        town_of[firm] = (town or "", town_name or "")
    book = OnDutyBook(list(firms)) if firms else None
    figures = book.firms_on(day, list(firms)) if book else {}
    towns: dict[str, TownOpenings] = {}
    members: dict[str, list[int]] = defaultdict(list)
    for firm in firms.values():
        firm.on_duty = figures.get(firm.pk)
        code, name = town_of[firm.pk]
        town = towns.setdefault(code, TownOpenings(code, name))
        town.firms += 1
        town.openings += firm.openings
        members[code].append(firm.pk)
    for code, town in towns.items():
        town.on_duty = book.total_on(day, members[code])
    return Openings(
        day=day,
        firms=sorted(firms.values(), key=lambda f: (-f.openings, f.name)),
        towns=sorted(towns.values(), key=lambda t: (-t.openings, t.code)),
    )
