"""Registry endpoints: enterprises (scoped like the pages), divisions, industries."""
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from lianfu.common.api_errors import refusals
from lianfu.common.api_inputs import Count, DivisionCode, DivisionFilter, Text, Uscc
from lianfu.common.masking import mask_phone
from lianfu.common.pagination import BoundedLimitOffsetPagination
from lianfu.common.scoping import reaches
from lianfu.registry import divisions, domain, queries
from lianfu.registry.enums import DivisionLevel, EnterpriseStatus, IndustryLevel
from lianfu.registry.models import Division, Enterprise, Industry
from lianfu.registry.stages import Stage

router = Router(tags=["registry"])


class EnterpriseOut(Schema):
    uscc: str
    name: str
    short_name: str
    town_code: str | None = Field(None, alias="division_id")
    address: str
    industry_code: str | None = Field(None, alias="industry_id")
    above_scale: bool
    employees: int | None
    contact_name: str
    contact_phone_masked: str
    latitude: Decimal | None
    longitude: Decimal | None
    status: EnterpriseStatus

    @staticmethod
    def resolve_contact_phone_masked(obj: Enterprise) -> str:
        return mask_phone(obj.contact_phone)


# The bounds of the Enterprise columns (and the model's own validators for the coordinates).
Name = Text(200, min_length=1)
ShortName, Address, ContactName, ContactPhone = Text(50), Text(200), Text(50), Text(20)
IndustryCode = Text(4)


class EnterpriseIn(Schema):
    uscc: Uscc
    name: Name
    short_name: ShortName = ""
    town_code: DivisionCode
    address: Address = ""
    industry_code: IndustryCode | None = None
    above_scale: bool = False
    employees: Count | None = None
    contact_name: ContactName = ""
    contact_phone: ContactPhone = ""
    latitude: Decimal | None = Field(None, ge=3, le=54, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=73, le=136, max_digits=9, decimal_places=6)


class EnterprisePatch(Schema):
    name: Name | None = None
    short_name: ShortName | None = None
    town_code: DivisionCode | None = None
    address: Address | None = None
    industry_code: IndustryCode | None = None
    above_scale: bool | None = None
    employees: Count | None = None
    contact_name: ContactName | None = None
    contact_phone: ContactPhone | None = None


class EnterpriseQuery(Schema):
    q: Text(200) = ""
    town: DivisionFilter = ""
    industry: IndustryCode = ""
    above_scale: bool | None = None
    stage: Literal[("", *Stage.values)] = Field("", description="the four-sync stage now")
    sort: Literal[tuple(queries.SORTS)] = Field("name", description="a column; a leading - sorts descending")


def _model_fields(data: dict) -> dict:
    """API names -> model attributes, resolving the town and industry. An explicit
    null clears a text field and is refused for any other required one."""
    out = dict(data)
    for name, value in data.items():
        field = Enterprise._meta.get_field({"town_code": "division", "industry_code": "industry"}.get(name, name))
        if value is None and not field.null:
            if not isinstance(field, CharField):
                raise HttpError(422, f"{name}: may not be null")
            out[name] = ""
    if "town_code" in out:
        town = divisions.by_code(out.pop("town_code") or "")
        if town is None or town.level != DivisionLevel.TOWN:
            raise HttpError(422, "town_code: no town has this code")
        out["division"] = town
    if "industry_code" in out:
        code = out.pop("industry_code")
        out["industry"] = Industry.objects.filter(code=code).first() if code else None
        if code and out["industry"] is None:
            raise HttpError(422, "industry_code: not a GB/T 4754-2017 code")
    return out


def _validation_error(error: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()))


@router.get("/enterprises", response=list[EnterpriseOut])
@paginate(BoundedLimitOffsetPagination)
def list_enterprises(request, filters: Query[EnterpriseQuery]):
    return queries.enterprises(queries.EnterpriseFilter(**filters.dict()))


@router.get("/enterprises/{uscc}", response={200: EnterpriseOut, **refusals(404)})
def get_enterprise(request, uscc: Uscc):
    return get_object_or_404(Enterprise, uscc=uscc)


@router.post("/enterprises", response={201: EnterpriseOut, **refusals(403, 422)})
def create_enterprise(request, payload: EnterpriseIn):
    if not request.user.has_perm("registry.add_enterprise"):
        raise HttpError(403, "not allowed for your role")
    fields = _model_fields(payload.dict())
    if not reaches(request.user, Enterprise(division=fields["division"])):
        raise HttpError(403, "town_code: outside your jurisdiction")
    try:
        return Status(201, domain.create_enterprise(actor=request.user, **fields))
    except ValidationError as error:
        raise _validation_error(error) from None


@router.patch("/enterprises/{uscc}", response={200: EnterpriseOut, **refusals(403, 404, 422)})
def update_enterprise(request, uscc: Uscc, payload: EnterprisePatch):
    enterprise = get_object_or_404(Enterprise, uscc=uscc)
    if not request.user.has_perm("registry.change_enterprise", enterprise):
        raise HttpError(403, "not allowed for your role")
    fields = _model_fields(payload.dict(exclude_unset=True))
    if "division" in fields and not reaches(request.user, Enterprise(pk=enterprise.pk, division=fields["division"])):
        raise HttpError(403, "town_code: outside your jurisdiction")
    try:
        domain.update_enterprise(actor=request.user, enterprise=enterprise, **fields)
    except ValidationError as error:
        raise _validation_error(error) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return enterprise


class DivisionOut(Schema):
    code: str
    short_code: str
    level: DivisionLevel
    name: str
    parent_code: str | None = Field(None, alias="parent_id")


class CountyMatchOut(Schema):
    division: DivisionOut
    how: str


@router.get("/divisions", response={200: list[DivisionOut], **refusals(404)})
def list_divisions(request, parent: DivisionFilter = "", name: Text(200) = "", level: DivisionLevel | None = None):
    """Children of ``parent`` (provinces when empty), or the match for ``name`` inside it."""
    within = divisions.by_code(parent) if parent else None
    if parent and within is None:
        raise HttpError(404, "parent: no division has this code")
    if name:
        found = divisions.by_name(name, within=within, level=level)
        return [found] if found else []
    qs = Division.objects.filter(parent=within) if within else Division.objects.filter(parent__isnull=True)
    return qs.filter(level=level) if level else qs


@router.get("/divisions/{code}", response={200: DivisionOut, **refusals(404)})
def get_division(request, code: DivisionCode):
    found = divisions.by_code(code)
    if found is None:
        raise HttpError(404, "no division has this code")
    return found


@router.get("/divisions/county-for/{code6}", response={200: CountyMatchOut, **refusals(404)})
def county_for_code(request, code6: Text(18, min_length=1)):
    """The current county for a 6-digit county code, retired codes included
    (as found at the start of ID numbers)."""
    match = divisions.county_for_code(code6)
    if match is None:
        raise HttpError(404, "no county or city matches this code")
    return {"division": match.division, "how": match.how}


class IndustryOut(Schema):
    code: str
    level: IndustryLevel
    parent_code: str | None = Field(None, alias="parent_id")
    name_zh: str
    name_en: str


@router.get("/industries", response=list[IndustryOut])
def list_industries(request, parent: IndustryCode = "", level: IndustryLevel | None = None):
    qs = Industry.objects.all()
    if parent:
        qs = qs.filter(parent_id=parent)
    if level:
        qs = qs.filter(level=level)
    return qs


@router.get("/industries/{code}", response={200: IndustryOut, **refusals(404)})
def get_industry(request, code: Text(4, min_length=1)):
    return get_object_or_404(Industry, code=code)
