from django.db import transaction
from django.utils import timezone

from lianfu.accounts.models import ApiToken
from lianfu.common.audit import log_activity


def issue_token(*, actor, name: str) -> tuple[ApiToken, str]:
    with transaction.atomic():
        token, key = ApiToken.issue(user=actor, name=name)
        log_activity(actor=actor, action="api_token.issued", subject=token, name=name)
    return token, key


def revoke_token(*, actor, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_activity(actor=actor, action="api_token.revoked", subject=token)
