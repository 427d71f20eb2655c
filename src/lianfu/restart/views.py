"""Four-sync pages (being built)."""
from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def filing(request, pk: int):
    raise Http404


@login_required
def inspect(request, uscc: str):
    raise Http404
