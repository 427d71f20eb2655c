from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def ticket(request, pk: int):  # replaced by the ticket page
    return HttpResponse(status=501)
