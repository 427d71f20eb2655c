import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division

ProgressFn = Callable[[str, int, int], None]

# Firms per size; above-scale firms are about 6% of all.
SIZES = {"tiny": 300, "small": 3000, "county": 30000}
DEMO_PASSWORD = "lianfu-demo-2020"


@dataclass
class DemoContext:
    size: str
    seed: int
    firm_count: int
    county: Division
    progress: ProgressFn
    # The moment the demo is loaded: recent records (tickets) are placed before
    # it, so their deadlines run live; tests fix it for exact results.
    now: datetime = field(default_factory=timezone.now)
    logins: list[dict] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # one line per step that has something to say
    enterprise_ids: list[int] = field(default_factory=list)
    lead_ids: list[int] = field(default_factory=list)  # the chains' lead firms, largest chain first
    bottlenecks: dict = field(default_factory=dict)    # bottlenecks_step: who the mill, park and maker are

    @classmethod
    def start(cls, *, size: str, seed: int, progress: ProgressFn | None,
              now: datetime | None = None) -> "DemoContext":
        if size not in SIZES:
            raise ValueError(f"unknown demo size {size!r}; choose from {', '.join(SIZES)}")
        county = Division.objects.get(code=settings.LIANFU_HOME_COUNTY.ljust(12, "0"))
        if now is not None and timezone.is_naive(now):
            raise ValueError(f"the demo's now must be time-zone aware, got {now.isoformat()}")
        return cls(size=size, seed=seed, firm_count=SIZES[size], county=county,
                   progress=progress or (lambda step, done, total: None), now=now or timezone.now())

    def towns(self) -> list[Division]:
        """The county's towns, in code order."""
        return list(Division.objects.filter(level=DivisionLevel.TOWN, code__startswith=self.county.prefix)
                    .order_by("code"))

    def rng(self, step: str) -> random.Random:
        """A generator private to one step, stable across code changes elsewhere."""
        return random.Random(zlib.crc32(f"{self.seed}:{step}".encode()))
