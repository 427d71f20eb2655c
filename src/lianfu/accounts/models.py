"""Users carry a role and exactly the anchor that role needs: a division, a
department or an enterprise. Their reach (scope) is derived from it."""
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianfu.common.roles import ANCHOR_OF_ROLE, ANCHORS, Role

ANCHOR_MESSAGE = _("A role has exactly its own anchor and no other: a division for county, town, liaison and "
                   "labour officers, a department for department staff, an enterprise for enterprise users, "
                   "none for administrators.")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    division = models.ForeignKey(
        "registry.Division", verbose_name=_("jurisdiction"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # One constraint per role: its anchor set, the other two empty. Every
        # rule and scope reads the anchor of the user's role only; these make
        # sure no other anchor is there to be misread (a town officer who is
        # also "of" an enterprise).
        constraints = [
            models.CheckConstraint(name="user_role_is_known", condition=Q(role__in=[r.value for r in Role])),
            *(
                models.CheckConstraint(
                    name=f"user_{role.value}_anchor",
                    condition=~Q(role=role.value)
                    | Q(**{f"{field}__isnull": field != ANCHOR_OF_ROLE[role] for field in ANCHORS}),
                    violation_error_message=ANCHOR_MESSAGE,
                )
                for role in Role
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.first_name or self.username


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A per-user bearer token for the JSON API. Only its hash is stored; the key
    is shown once at creation."""

    PREFIX = "lf_"

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=64)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("starts with"), max_length=12)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user: User, name: str, expires_at=None) -> tuple["ApiToken", str]:
        key = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=_hash(key), hint=key[:10], expires_at=expires_at)
        return token, key

    @classmethod
    def authenticate(cls, key: str) -> "ApiToken | None":
        if not key.startswith(cls.PREFIX):
            return None
        return cls.objects.live().select_related("user").filter(key_hash=_hash(key), user__is_active=True).first()
