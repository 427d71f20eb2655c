"""The stage mark (colour and words, never colour alone) used on every page,
and blocker codes in words."""
from django import template

from lianfu.registry.stages import STAGE_COLOURS, Stage
from lianfu.restart.enums import Blocker

register = template.Library()


@register.inclusion_tag("restart/_stage_mark.html")
def stage_mark(stage):
    stage = Stage(stage or Stage.NOT_SURVEYED)
    return {"code": stage.value, "label": stage.label, "colour": STAGE_COLOURS[stage]}


@register.filter
def blocker_labels(codes) -> list[str]:
    labels = dict(Blocker.choices)
    return [labels.get(code, code) for code in codes or ()]
