"""Every change to registry records goes through these functions."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.common.roles import Role
from lianfu.registry.models import Division, Enterprise, TownAlias

EDITABLE_FIELDS = (
    "name", "short_name", "division", "address", "industry", "above_scale",
    "employees", "contact_name", "contact_phone", "latitude", "longitude",
)
# What a firm may correct about itself; its registered name, town, industry and
# scale are the officers' record.
SELF_EDITABLE_FIELDS = ("short_name", "address", "employees", "contact_name", "contact_phone", "latitude", "longitude")


def editable_fields(user) -> tuple[str, ...]:
    return SELF_EDITABLE_FIELDS if user.role == Role.ENTERPRISE_USER else EDITABLE_FIELDS


def create_enterprise(*, actor, **fields) -> Enterprise:
    with transaction.atomic():
        enterprise = Enterprise(**fields)
        # Uniqueness is global, not per jurisdiction: check outside the scope.
        enterprise.full_clean(validate_unique=False)
        if Enterprise.objects.with_scopes_disabled().filter(uscc=enterprise.uscc).exists():
            raise ValidationError({"uscc": _("An enterprise with this credit code is already registered.")})
        enterprise.save()
        log_activity(actor=actor, action="enterprise.created", subject=enterprise,
                     division_code=enterprise.division_id or "", uscc=enterprise.uscc)
    return enterprise


def update_enterprise(*, actor, enterprise: Enterprise, **changes) -> list[str]:
    """Apply ``changes``; return the names of the fields that really changed."""
    refused = set(changes) - set(editable_fields(actor))
    if refused:
        raise PermissionDenied(f"not editable by this user: {', '.join(sorted(refused))}")
    changed = [name for name, value in changes.items() if getattr(enterprise, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(enterprise, name, changes[name])
        enterprise.full_clean(validate_unique=False)
        enterprise.save(update_fields=[*changed, "updated_at"])
        log_activity(actor=actor, action="enterprise.updated", subject=enterprise,
                     division_code=enterprise.division_id or "", fields=changed)
    return changed


def reveal_contact_phone(*, actor, enterprise: Enterprise) -> str:
    """The unmasked phone number, for a viewer allowed to see it; every reveal is logged."""
    if not actor.has_perm("registry.reveal_contact", enterprise):
        raise PermissionDenied
    log_activity(actor=actor, action="enterprise.contact_revealed", subject=enterprise,
                 division_code=enterprise.division_id or "")
    return enterprise.contact_phone


def add_town_alias(*, actor, county: Division, **fields) -> TownAlias:
    """Record an old name or code of a town of ``county``; every later import reads it."""
    if not actor.has_perm("registry.manage_town_aliases", county):
        raise PermissionDenied
    with transaction.atomic():
        alias = TownAlias(county=county, created_by=actor if actor.is_authenticated else None, **fields)
        alias.full_clean()
        alias.save()
        log_town_alias(actor, "town_alias.added", alias)
    return alias


def delete_town_alias(*, actor, alias: TownAlias) -> None:
    if not actor.has_perm("registry.manage_town_aliases", alias.county):
        raise PermissionDenied
    with transaction.atomic():
        log_town_alias(actor, "town_alias.deleted", alias)  # before the row and its id are gone
        alias.delete()


def log_town_alias(actor, action: str, alias: TownAlias) -> None:
    log_activity(actor=actor, action=action, subject=alias, division_code=alias.county_id,
                 old_name=alias.old_name, old_code=alias.old_code, town=alias.division_id,
                 changed_on=alias.changed_on.isoformat(), source=alias.source)
