"""Registry: divisions, industries, departments, office buildings, enterprises."""
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from lianfu.registry.enums import PREFIX_DIGITS, DivisionLevel, EnterpriseStatus, IndustryLevel
from lianfu.registry.stages import Stage
from lianfu.registry.validators import validate_town_code, validate_uscc


class Division(models.Model):
    """An administrative division keyed by its 12-digit statistics-bureau code."""

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    level = models.CharField(_("level"), max_length=8, choices=DivisionLevel.choices)
    name = models.CharField(_("name"), max_length=64)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_DIGITS[self.level]]

    @property
    def short_code(self) -> str:
        """6 digits for a county and above, 6+3 for a town."""
        return self.code[: max(6, PREFIX_DIGITS[self.level])]

    def contains(self, code: str) -> bool:
        return code.startswith(self.prefix)


class BilingualName:
    """``name`` in the active language, from ``name_zh`` and ``name_en`` fields."""

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class Industry(BilingualName, models.Model):
    """GB/T 4754-2017: sections (A–T), divisions (2 digits), groups (3), classes (4)."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.CharField(_("level"), max_length=8, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=160)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


    @property
    def division_code(self) -> str:
        """The 2-digit division this code belongs to ('' for a section)."""
        return "" if self.level == IndustryLevel.SECTION else self.code[:2]


class Department(BilingualName, models.Model):
    """A government department of a county (经信局, 人社局 …)."""

    code = models.SlugField(_("code"), max_length=32)
    county = models.ForeignKey(Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    name_zh = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)

    class Meta:
        verbose_name = _("government department")
        verbose_name_plural = _("government departments")
        ordering = ["county", "code"]
        constraints = [models.UniqueConstraint(fields=["county", "code"], name="department_code_unique_in_county")]

    def __str__(self) -> str:
        return self.name



class OfficeBuilding(models.Model):
    """A commercial office building; liaison rules depend on its floor area."""

    name = models.CharField(_("name"), max_length=100)
    town = models.ForeignKey(Division, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=200, blank=True)
    floor_area_m2 = models.PositiveIntegerField(_("floor area (m²)"))

    objects = ScopedManager(division="town__code__under")

    class Meta:
        verbose_name = _("office building")
        verbose_name_plural = _("office buildings")
        ordering = ["town", "name"]
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="building_name_unique_in_town")]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    # The town where it is registered; only the county when the town is unknown
    # (suppliers outside our county declared on someone's list).
    division = models.ForeignKey(
        Division, verbose_name=_("town"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    above_scale = models.BooleanField(_("above-scale"), default=False, db_index=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(54)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(73), MaxValueValidator(136)],
    )
    status = models.CharField(
        _("status"), max_length=8, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Scoped: a query outside a jurisdiction scope raises instead of leaking.
    objects = ScopedManager(division="division__code__under", enterprise="pk")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        indexes = [models.Index(fields=["division", "above_scale"]), models.Index(fields=["industry"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class DivisionAlias(models.Model):
    """An old county-level code (still found in ID numbers and old addresses) and
    the current division it became."""

    old_code = models.CharField(_("old code"), max_length=6, primary_key=True)
    division = models.ForeignKey(
        Division, verbose_name=_("current division"), on_delete=models.CASCADE, related_name="+"
    )
    old_name = models.CharField(_("old name"), max_length=64)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("old division code")
        verbose_name_plural = _("old division codes")

    def __str__(self) -> str:
        return f"{self.old_code} {self.old_name}"


class TownAlias(models.Model):
    """An old name or code of a town of ``county`` and the town it is now.

    Towns merge and are renamed; registers and supplier lists keep the old words
    for years. The county records each change it can cite (no rows ship with the
    code). Not a scoped model: like the division table, every importer of the
    county reads it, town officers included; the county page filters by county."""

    county = models.ForeignKey(Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    old_name = models.CharField(_("old name"), max_length=64, blank=True)
    old_code = models.CharField(
        _("old code"), max_length=12, blank=True, validators=[validate_town_code],
        help_text=_("9 or 12 digits; stored as 12"),
    )
    division = models.ForeignKey(Division, verbose_name=_("current town"), on_delete=models.PROTECT, related_name="+")
    changed_on = models.DateField(_("changed on"))
    source = models.CharField(
        _("source"), max_length=300,
        help_text=_("the document that made the change, such as a provincial approval or a county notice"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old town name")
        verbose_name_plural = _("old town names")
        ordering = ["county", "division", "old_name", "old_code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(old_name="") | ~models.Q(old_code=""), name="town_alias_has_old_name_or_code",
                violation_error_message=_("Give the old name, the old code or both."),
            ),
            # An alias nobody can trace back to a document is a guess.
            models.CheckConstraint(condition=~models.Q(source=""), name="town_alias_has_source"),
            models.UniqueConstraint(
                fields=["county", "old_name"], condition=~models.Q(old_name=""),
                name="town_alias_name_unique_in_county",
                violation_error_message=_("This county already has an alias with this old name."),
            ),
            models.UniqueConstraint(
                fields=["county", "old_code"], condition=~models.Q(old_code=""),
                name="town_alias_code_unique_in_county",
                violation_error_message=_("This county already has an alias with this old code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_name or self.old_code} → {self.division_id}"

    def clean(self):
        self.old_name = self.old_name.strip()
        if self.old_code and self.old_code.isdigit():
            self.old_code = self.old_code.ljust(12, "0")
        errors = {}
        if self.county_id and self.county.level != DivisionLevel.COUNTY:
            errors[NON_FIELD_ERRORS] = _("Town aliases belong to a county.")
        elif self.county_id and self.division_id and not (
                self.division.level == DivisionLevel.TOWN and self.county.contains(self.division_id)):
            errors["division"] = _("Choose a town of %(county)s.") % {"county": self.county.name}
        errors.update(self._shadowed_errors())
        if errors:
            raise ValidationError(errors)

    def _shadowed_errors(self) -> dict:
        """Current names and codes are looked up first, so an alias repeating one would never be used."""
        errors = {}
        if self.old_name and self.county_id and Division.objects.filter(
                level=DivisionLevel.TOWN, code__startswith=self.county.prefix, name=self.old_name).exists():
            errors["old_name"] = _("A current town has this name; an alias would never be used.")
        if self.old_code and Division.objects.filter(code=self.old_code).exists():
            errors["old_code"] = _("A current division has this code; an alias would never be used.")
        return errors


class EnterpriseStage(models.Model):
    """An enterprise's current stage; no row means not surveyed."""

    enterprise = models.OneToOneField(
        "registry.Enterprise", verbose_name=_("enterprise"), primary_key=True,
        on_delete=models.CASCADE, related_name="stage_record",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NOT_SURVEYED,
                             db_index=True)
    since = models.DateTimeField(_("since"))

    class Meta:
        # Created by the four-sync app before the stage moved here; the table keeps its name.
        db_table = "restart_enterprisestage"
        verbose_name = _("enterprise stage")
        verbose_name_plural = _("enterprise stages")

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.stage}"
