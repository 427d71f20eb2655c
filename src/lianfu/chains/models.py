"""Supply links between enterprises, chains (a lead firm and every tier of its
suppliers) with their members, and hand-offs of outside suppliers."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from lianfu.chains.enums import DEFAULT_DEPTH, Essential, HandOffStatus, LinkSource


class SupplyLinkQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Links in force on ``day`` (open-ended dates count as always)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class SupplyLink(models.Model):
    """The supplier sells ``item`` to the buyer. The sector of the input is the
    supplier's industry; its share of the buyer's inputs is derived from the
    values of all the buyer's links (queries.input_shares), never stored."""

    supplier = models.ForeignKey("registry.Enterprise", verbose_name=_("supplier"), on_delete=models.CASCADE,
                                 related_name="sales_links")
    buyer = models.ForeignKey("registry.Enterprise", verbose_name=_("buyer"), on_delete=models.CASCADE,
                              related_name="purchase_links")
    item = models.CharField(_("item supplied"), max_length=100, blank=True)
    annual_value = models.DecimalField(_("annual value (10k yuan)"), max_digits=14, decimal_places=2)
    essential = models.CharField(_("essential"), max_length=8, choices=Essential.choices, default=Essential.UNKNOWN)
    stock_days = models.DecimalField(_("buyer's stock (days)"), max_digits=6, decimal_places=1, null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=LinkSource.choices)
    verified = models.BooleanField(_("verified"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedManager(division="buyer__division__code__under", enterprise="buyer_id",
                            _manager_class=models.Manager.from_queryset(SupplyLinkQuerySet))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("supply link")
        verbose_name_plural = _("supply links")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "buyer"], name="supply_link_unique_pair"),
            models.CheckConstraint(name="supply_link_not_self", condition=~Q(supplier=F("buyer"))),
            models.CheckConstraint(name="supply_link_value_positive", condition=Q(annual_value__gt=0)),
            models.CheckConstraint(name="supply_link_stock_not_negative",
                                   condition=Q(stock_days__isnull=True) | Q(stock_days__gte=0)),
            models.CheckConstraint(name="supply_link_dates_ordered",
                                   condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True)
                                   | Q(valid_to__gte=F("valid_from"))),
        ]
        indexes = [models.Index(fields=["buyer", "supplier"])]

    def __str__(self) -> str:
        return f"{self.supplier_id} → {self.buyer_id}"


class Chain(models.Model):
    """A lead firm's chain. Its members are recomputed from the links whenever
    they change (membership.refresh_chains), so lists, gaps and hand-offs are
    plain queries; the drawn tree is built from the links themselves."""

    lead = models.OneToOneField("registry.Enterprise", verbose_name=_("lead firm"), on_delete=models.CASCADE,
                                related_name="chain")
    depth_limit = models.PositiveSmallIntegerField(_("tiers"), default=DEFAULT_DEPTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    refreshed_at = models.DateTimeField(_("members refreshed at"), null=True, blank=True)

    objects = ScopedManager(division="lead__division__code__under", enterprise="lead_id")

    class Meta:
        verbose_name = _("chain")
        verbose_name_plural = _("chains")

    def __str__(self) -> str:
        return str(self.lead)


class ChainMember(models.Model):
    """One supplier of a chain, counted once whatever the number of paths to it.
    ``county_code`` is where it is (6 digits, '' when unknown): chains/location.py."""

    chain = models.ForeignKey(Chain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="members")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("supplier"), on_delete=models.CASCADE,
                                   related_name="chain_memberships")
    tier = models.PositiveSmallIntegerField(_("tier"))
    county_code = models.CharField(_("county code"), max_length=6, blank=True)
    in_county = models.BooleanField(_("in the county"))

    objects = ScopedManager(division="chain__lead__division__code__under", enterprise="chain__lead_id")

    class Meta:
        verbose_name = _("chain member")
        verbose_name_plural = _("chain members")
        constraints = [models.UniqueConstraint(fields=["chain", "enterprise"], name="chain_member_unique")]
        indexes = [models.Index(fields=["enterprise"]), models.Index(fields=["county_code"])]


class HandOff(models.Model):
    """An outside supplier our county's chains need, handed to its own county.
    No row means not sent yet; the row appears when an officer sends the list."""

    supplier = models.ForeignKey("registry.Enterprise", verbose_name=_("supplier"), on_delete=models.CASCADE,
                                 related_name="hand_offs")
    from_county = models.ForeignKey("registry.Division", verbose_name=_("from county"), on_delete=models.PROTECT,
                                    related_name="+")
    to_county_code = models.CharField(_("to county code"), max_length=6)
    status = models.CharField(_("status"), max_length=10, choices=HandOffStatus.choices,
                              default=HandOffStatus.NOT_SENT)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = ScopedManager(division="from_county__code__under", enterprise="supplier_id")

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        constraints = [models.UniqueConstraint(fields=["from_county", "supplier"], name="hand_off_unique")]
