"""The GeoReport v2 methods. Each answers in the format its extension names
and in the caller's language (``locale``, else Accept-Language, else Chinese);
every refusal is an Open311Error rendered in the spec's error form."""
import functools
import math
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_scopes import scopes_disabled

from lianfu.common.errors import WorkflowError
from lianfu.helpdesk.domain import submit_ticket
from lianfu.helpdesk.domain.submit import clean_text
from lianfu.helpdesk.enums import Category, Channel
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.open311 import params, records, services
from lianfu.helpdesk.open311.keys import KEY_HEADER, jurisdiction, key_user
from lianfu.helpdesk.open311.render import FORMATS, Open311Error, error_response, respond
from lianfu.helpdesk.queries import RELATED, visible_tickets
from lianfu.registry.models import Enterprise

# Bump when the service list or a service definition changes: clients use it to
# know when to refresh what they cached (Service Discovery, "changeset").
CHANGESET = "2026-11-23T00:00:00+08:00"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
USCC_PARAM = f"attribute[{services.ENTERPRISE_USCC}]"
# Domain field → the Open311 argument a client sent it as.
PARAM_OF_FIELD = {"text": "description", "category": "service_code", "enterprise": USCC_PARAM}


def language_of(request) -> str:
    asked = (request.GET.get("locale") or request.POST.get("locale") or "").strip().replace("_", "-").lower()
    if asked:
        try:
            return translation.get_supported_language_variant(asked)
        except LookupError:
            pass
    # Unlike the pages (which ignore it on purpose), a client's Accept-Language is its explicit choice.
    return translation.get_language_from_request(request)


def endpoint(*methods: str):
    """Format check, language, allowed methods and the spec's error form."""
    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def decorate(view):
        # Clients post forms with a key, never with a session cookie: CSRF does not apply.
        @csrf_exempt
        @functools.wraps(view)
        def run(request, fmt: str, **kwargs):
            with translation.override(language_of(request)):
                if fmt not in FORMATS:
                    # XML is the format every GeoReport server must speak.
                    return error_response("xml", Open311Error(404, _("Unknown format “.%(fmt)s”: use .xml or "
                                                                      ".json.") % {"fmt": fmt}))
                if request.method not in allowed:
                    response = error_response(fmt, Open311Error(405, _("%(method)s is not allowed here.")
                                                                % {"method": request.method}))
                    response["Allow"] = ", ".join(sorted(allowed))
                    return response
                try:
                    response = view(request, fmt, **kwargs)
                except Open311Error as error:
                    response = error_response(fmt, error)
                # What a resource shows depends on the key, which may come in a header.
                patch_vary_headers(response, [KEY_HEADER])
                return response
        return run
    return decorate


def _readable(user):
    return visible_tickets(user) if user is not None else Ticket.objects.select_related(*RELATED)


def _record(ticket, user) -> dict:
    return records.full(ticket) if user is not None else records.public(ticket)


@endpoint("GET")
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:discovery", args=[fmt])).rsplit("/discovery.", 1)[0]
    body = {
        "changeset": CHANGESET,
        "contact": _("The county enterprise helpdesk, through this site: %(url)s")
        % {"url": request.build_absolute_uri("/")},
        "key_service": _("Sign in and create an API token at %(url)s; send it in the X-Api-Key header or as "
                         "api_key.")
        % {"url": request.build_absolute_uri(reverse("accounts:tokens"))},
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production",
                       "formats": ["application/json", "text/xml"]}],
    }
    return respond(fmt, "discovery", body)


@endpoint("GET")
def service_list(request, fmt):
    return respond(fmt, "services", services.services())


@endpoint("GET")
def service_definition(request, fmt, code):
    if code not in Category.values:
        raise Open311Error(404, _("service_code “%(code)s” was not found.") % {"code": code})
    return respond(fmt, "service_definition", services.definition(code, key_user(request, required=False)))


@endpoint("GET", "POST")
def service_requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


def _list(request, fmt):
    user = key_user(request, required=False)
    query = params.filters(request.GET, timezone.now())
    page = params.page(request.GET)
    with jurisdiction(user):
        tickets = _readable(user).filter(query).order_by("-created_at", "-id")
        total = tickets.count()
        body = [_record(ticket, user) for ticket in tickets[page.offset:page.offset + page.size]]
    response = respond(fmt, "service_requests", body)
    _paging_headers(response, request, page, total)
    return response


def _paging_headers(response, request, page: params.Page, total: int) -> None:
    """The spec's body is a bare list, so the totals go in headers. The links
    leave api_key out: a secret is not echoed into headers proxies log."""
    last = max(1, math.ceil(total / page.size))

    def url(number: int) -> str:
        query = request.GET.copy()
        query.pop("api_key", None)
        query["page"], query["page_size"] = str(number), str(page.size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    links = {"first": 1, "prev": min(page.number - 1, last) if page.number > 1 else None,
             "next": page.number + 1 if page.number < last else None, "last": last}
    response["Link"] = ", ".join(f'<{url(number)}>; rel="{rel}"' for rel, number in links.items() if number)
    response["X-Total-Count"] = str(total)
    response["X-Page"] = str(page.number)
    response["X-Page-Size"] = str(page.size)


def _create(request, fmt):
    user = key_user(request, required=True)
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    if code not in Category.values:
        raise Open311Error(404, _("service_code “%(code)s” was not found.") % {"code": code})
    with jurisdiction(user):
        _check_input(request.POST, user)
        enterprise = _enterprise(request.POST, user)
        try:
            ticket = submit_ticket(actor=user, enterprise=enterprise, text=request.POST.get("description", ""),
                                   channel=Channel.OPEN311, category=code)
        except ValidationError as error:
            raise Open311Error(400, *_descriptions(error)) from None
        except PermissionDenied:
            raise Open311Error(403, _("This api_key may not submit requests for this enterprise.")) from None
        except WorkflowError as error:
            raise Open311Error(400, str(error.message)) from None
        body = [records.created(ticket, user)]
    return respond(fmt, "service_requests", body)


def _descriptions(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    return [f"{PARAM_OF_FIELD.get(field, field)}: {message}"
            for field, messages in error.message_dict.items() for message in messages]


def _check_input(form, user) -> None:
    """Every 400 at once (the spec's error body is a list), before any lookup."""
    problems = []
    try:
        clean_text(form.get("description"))
    except ValidationError as error:
        problems += _descriptions(error)
    if services.uscc_required(user) and not (form.get(USCC_PARAM) or "").strip():
        problems.append(_("%(param)s was not provided: give the unified social credit code of the enterprise "
                          "the problem is about.") % {"param": USCC_PARAM})
    if problems:
        raise Open311Error(400, *problems)


def _enterprise(form, user) -> Enterprise:
    """Looked up inside the key's jurisdiction. One outside it is answered
    exactly like one that does not exist (404, same words), as everywhere in
    the product: a key must not learn which credit codes are registered
    outside its reach. An enterprise key files for its own enterprise and the
    attribute is ignored."""
    enterprises = Enterprise.objects.select_related("division")
    if not services.uscc_required(user):
        return enterprises.get(pk=user.enterprise_id)
    uscc = form[USCC_PARAM].strip().upper()
    enterprise = enterprises.filter(uscc=uscc).first()
    if enterprise is None:
        raise Open311Error(404, _("No enterprise with the credit code %(uscc)s is within this api_key's reach.")
                           % {"uscc": uscc})
    return enterprise


@endpoint("GET")
def service_request(request, fmt, pk):
    user = key_user(request, required=False)
    with jurisdiction(user):
        # The URL takes digits only; more than 18 cannot be an id (bigint).
        ticket = _readable(user).filter(pk=int(pk)).first() if len(pk) <= 18 else None
        if ticket is None:
            # Unknown and not readable by this key read the same, so ids reveal nothing.
            raise Open311Error(404, _("Service request %(id)s was not found.") % {"id": pk})
        body = [_record(ticket, user)]
    return respond(fmt, "service_requests", body)


@endpoint("GET")
def token(request, fmt, value):
    try:
        wanted = uuid.UUID(value)
    except ValueError:
        wanted = None
    # The spec's token call needs no key and answers only the number, which is public.
    with scopes_disabled():
        ticket = Ticket.objects.filter(token=wanted).first() if wanted else None
    if ticket is None:
        raise Open311Error(404, _("Token %(token)s was not found.") % {"token": value})
    return respond(fmt, "service_requests", [records.token(ticket)])


@csrf_exempt
def unknown(request, path):
    fmt = "json" if path.endswith(".json") else "xml"
    with translation.override(language_of(request)):
        return error_response(fmt, Open311Error(404, _("No such resource: %(path)s") % {"path": request.path}))
