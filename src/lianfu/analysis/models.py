"""Engine runs: the engine's answers for one state of the database."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.common.enums import JobStatus


class EngineRun(models.Model):
    """One run of the engine on the database's state, cached by a key of that
    state (analysis/runs.py): the pages show the run for the current state, or
    the last one with a note that the data changed since."""

    state_key = models.CharField(_("state"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.CharField(_("step"), max_length=40, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    results = models.JSONField(_("results"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        # Created when runs lived in chains; the table keeps its name.
        db_table = "chains_enginerun"
        verbose_name = _("engine run")
        verbose_name_plural = _("engine runs")
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def seconds_left(self) -> int | None:
        """At the pace so far: the time each step took, times the steps left."""
        if self.finished or not self.started_at or not self.done or not self.total:
            return None
        spent = (timezone.now() - self.started_at).total_seconds()
        return max(1, round(spent / self.done * (self.total - self.done)))

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class Drill(models.Model):
    """A scenario drill (docs/engine.md §7.1): which firms a county closes, for how
    long and at what capacity, and what the forecast says it costs. Computed once
    on save, on the state of that day; `results` keeps the answer as it was."""

    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField(_("name"), max_length=100)
    # {"towns": [division codes], "industries": [GB/T code prefixes], "outside": "" | "county" | "province",
    #  "firms": [Enterprise pks], "days": int, "capacity_pct": 0..100}
    spec = models.JSONField(_("scenario"), default=dict)
    results = models.JSONField(_("results"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
