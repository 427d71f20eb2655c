"""Demo step: workplace entry. A door code at the two firm logins' gates and at
the county's 20 largest above-scale firms, an office building in the home town;
two workers of the `firm` login's firm with a red status the two health
officials set (one proposed, the other approved); and a shift's scans at the
`firm` login's gates in the hour before the demo was loaded (so "today's
entries" has them whenever it is loaded), through the product's own scan path
(scan.scan): the entry log, the refusal audit and the on-duty effects are what
a real shift start writes. Deterministic per seed (times are offsets from the
load time, which tests fix)."""
import datetime as dt

from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.checkin.enums import PlaceKind, RecordState
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import HealthRecord, Place
from lianfu.checkin.scan import scan
from lianfu.demo.context import DemoContext
from lianfu.registry.models import Enterprise
from lianfu.workforce.enums import ON_DUTY_STATES
from lianfu.workforce.models import Worker

LARGEST = 20
SHIFT_MINUTES = 60
SCANNING_SHARE = 0.6         # of the firm's workers on duty: who has scanned in by 08:30
RED_WORKERS = 2


def checkin_step(ctx: DemoContext) -> None:
    rng = ctx.rng("checkin")
    with scopes_disabled(), transaction.atomic():
        firm_users = {u.username: u for u in User.objects.filter(username__in=("firm", "firm2", "town", "health",
                                                                                 "health2"))}
        if "firm" not in firm_users:
            return
        gates = []
        for username in ("firm", "firm2"):
            user = firm_users[username]
            for name in ("一号门", "二号门"):
                gates.append(Place.objects.create(name=name, enterprise=user.enterprise,
                                                  division_id=user.enterprise.division_id, created_by=user))
        largest = (Enterprise.objects.filter(division__code__startswith=ctx.county.prefix, above_scale=True)
                   .exclude(pk__in=[g.enterprise_id for g in gates]).order_by("-employees", "pk")[:LARGEST])
        Place.objects.bulk_create([Place(name="大门", enterprise=firm, division_id=firm.division_id)
                                   for firm in largest])
        town = firm_users["town"]
        Place.objects.create(name="创新大厦", kind=PlaceKind.BUILDING, division_id=town.division_id,
                             address="开发大道 1 号", created_by=town)
        firm = firm_users["firm"].enterprise
        on_duty = list(Worker.objects.filter(enterprise=firm, state__in=ON_DUTY_STATES).order_by("pk"))
        red = rng.sample(on_duty, min(RED_WORKERS, len(on_duty)))
        for worker in red:
            HealthRecord.objects.create(
                id_hash=worker.id_hash, id_masked=worker.id_masked, county=ctx.county, status=HealthStatus.RED,
                reason="密切接触者，集中隔离观察", state=RecordState.APPROVED, proposed_by=firm_users["health"],
                decided_by=firm_users["health2"], decided_at=ctx.now)
        own_gates = [g for g in gates if g.enterprise_id == firm.pk]
        scanned = admitted = 0
        for worker in [*red, *rng.sample(on_duty, int(SCANNING_SHARE * len(on_duty)))]:
            at = ctx.now - dt.timedelta(seconds=1 + rng.randrange(SHIFT_MINUTES * 60))
            answer = scan(rng.choice(own_gates), worker, at)
            scanned, admitted = scanned + 1, admitted + answer.admitted
    ctx.summary.append(f"checkin: {len(gates) + len(largest) + 1} workplaces with a door code; {scanned} scans in the "
                       f"hour before loading at {firm.name} ({admitted} admitted, {scanned - admitted} refused)")
