"""Helpdesk records."""
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from lianfu.helpdesk.enums import Category

# The longest problem text accepted anywhere (form, API, Open311, CLI).
MAX_TEXT_LENGTH = 4000


class ClassificationCorrection(models.Model):
    """A dispatcher's verdict on a text the classifier got wrong or was unsure
    of. Training reads every row (classifier/default.py): a correction of a text
    already in the corpus replaces its label, any other adds an example."""

    text = models.TextField(_("text"), validators=[MaxLengthValidator(MAX_TEXT_LENGTH)])
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("classification correction")
        verbose_name_plural = _("classification corrections")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(category__in=Category.values),
                                   name="helpdesk_correction_category_known"),
            models.CheckConstraint(
                condition=GreaterThan(Length("text"), 0) & LessThanOrEqual(Length("text"), MAX_TEXT_LENGTH),
                name="helpdesk_correction_text_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.text[:40]}"
