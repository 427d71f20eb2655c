"""The demo county: a fictional county laid out like Cixi (330282).

``generate`` runs the steps in order against one DemoContext; later features add
steps (supply links, workers, tickets) to STEPS. Deterministic per seed: every
step draws from its own ``random.Random`` derived from the seed and its name, so
adding a step never changes what the earlier ones produce."""
from datetime import datetime

from lianfu.demo.context import SIZES, DemoContext, ProgressFn
from lianfu.demo.steps import STEPS


def generate(*, size: str = "small", seed: int = 2020, progress: ProgressFn | None = None,
             now: datetime | None = None) -> DemoContext:
    """``now``: the moment the demo is loaded (default: the clock's), which
    recent records such as tickets are placed before."""
    ctx = DemoContext.start(size=size, seed=seed, progress=progress, now=now)
    for step in STEPS:
        step(ctx)
    return ctx


__all__ = ["SIZES", "DemoContext", "generate"]
