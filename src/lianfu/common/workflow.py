"""What every workflow (four-sync steps, helpdesk tickets) shares: the
version-checked update and running a step across jurisdictions."""
import functools

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.errors import Conflict


def require(actor, perm: str, obj=None) -> None:
    """PermissionDenied (403) unless ``actor`` has ``perm`` on ``obj``."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def update_versioned(obj, seen_version: int, **changes) -> None:
    """UPDATE … WHERE id = obj.id AND version = seen_version; the loser of a race
    (or a stale form) gets Conflict, never a silent overwrite."""
    model = type(obj)
    done = model.objects.filter(pk=obj.pk, version=seen_version).update(version=F("version") + 1, **changes)
    if not done:
        raise Conflict(_("Someone changed this record since you opened it; reload and try again."))
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version = seen_version + 1


def step(function):
    """A workflow step: its records cross jurisdictions (a package spans towns,
    a ticket goes to a county department and a town), so it reads and writes
    with scopes disabled; each step checks the actor's permission on the record
    itself before touching anything."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        with scopes_disabled():
            return function(*args, **kwargs)
    return run
