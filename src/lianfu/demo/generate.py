"""Running the demo steps in order (see the package docstring)."""
from datetime import datetime

from lianfu.demo.context import DemoContext, ProgressFn
from lianfu.demo.steps import STEPS


def generate(*, size: str = "small", seed: int = 2020, progress: ProgressFn | None = None,
             now: datetime | None = None) -> DemoContext:
    """``now``: the moment the demo is loaded (default: the clock's), which
    recent records such as tickets are placed before."""
    ctx = DemoContext.start(size=size, seed=seed, progress=progress, now=now)
    for step in STEPS:
        step(ctx)
    return ctx
