"""API tokens: a user creates and revokes their own; the key is shown once."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lianfu.accounts import domain
from lianfu.accounts.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=64,
                           help_text=_("What the token is for, e.g. 'town data sync'."))


@login_required
def tokens(request):
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = domain.issue_token(actor=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
    })


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    domain.revoke_token(actor=request.user, token=token)
    return redirect("accounts:tokens")
