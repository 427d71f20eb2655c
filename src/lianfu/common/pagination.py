"""Paging, for the JSON API (limit/offset with hard bounds) and for the pages
(Django's Paginator and the query string the page links keep)."""
from django.core.paginator import Paginator
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000
PAGE_SIZE = 50


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit/offset with hard bounds: an absurd offset is a 422, never a number
    the database cannot hold."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page_of(request, items, size: int = PAGE_SIZE):
    """The page of ``items`` that ``?page=`` asks for (the last one if past the end)."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The request's filters and sort as a query string, for the page links to
    append ``&page=N`` (or ``&export=xlsx``) to."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()
