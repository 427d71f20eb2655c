"""Reads shared by the chain pages, the API and the exports. Callers have
already decided the viewer may see the chain (rules.py); member lists cross
jurisdictions by nature (a chain's suppliers are anywhere), so they read with
scopes disabled and return stage-level facts only."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, Q, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django_scopes import scopes_disabled

from lianfu.chains.enums import HandOffStatus
from lianfu.chains.location import county_label
from lianfu.chains.models import Chain, ChainMember, HandOff, SupplyLink
from lianfu.registry.stages import STAGE_COLOURS, STAGE_ORDER, Stage, Sync, sync_done

CHAIN_SORTS = {
    "lead": "lead__name", "suppliers": "suppliers", "in_county": "in_county", "out_of_county": "out_of_county",
    "completion": "completion", "town": "lead__division_id",
}
_STAGE = "enterprise__stage_record__stage"


def chains_with_stats(qs, sort: str = "-completion"):
    """Chains with member counts and completion % (restarted members / members)."""
    key = sort.lstrip("-")
    order = CHAIN_SORTS.get(key, "completion")
    restarted = Count("members", filter=Q(**{f"members__{_STAGE}": Stage.RESTARTED}))
    return (qs.select_related("lead", "lead__division")
            .annotate(suppliers=Count("members"),
                      in_county=Count("members", filter=Q(members__in_county=True)),
                      out_of_county=Count("members", filter=Q(members__in_county=False)),
                      restarted=restarted)
            .annotate(completion=Coalesce(
                100.0 * Cast(F("restarted"), FloatField()) / NullIf(Cast(F("suppliers"), FloatField()), 0.0),
                Value(100.0)))
            .order_by(("-" if sort.startswith("-") else "") + order, "lead__name"))


@dataclass
class MemberRow:
    enterprise_id: int
    uscc: str
    name: str
    tier: int
    in_county: bool
    county_code: str
    town: str          # the town in the county, else the outside county's name
    stage: str
    address: str = ""

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def colour(self) -> str:
        return STAGE_COLOURS[Stage(self.stage)]


def members(chain: Chain, *, in_county: bool | None = None) -> list[MemberRow]:
    with scopes_disabled():
        qs = ChainMember.objects.filter(chain=chain)
        if in_county is not None:
            qs = qs.filter(in_county=in_county)
        rows = qs.values_list("enterprise_id", "enterprise__uscc", "enterprise__name", "tier", "in_county",
                              "county_code", "enterprise__division__name", _STAGE, "enterprise__address")
        out = [MemberRow(pk, uscc, name, tier, inside, code, (town or "") if inside else county_label(code),
                         stage or Stage.NOT_SURVEYED, address)
               for pk, uscc, name, tier, inside, code, town, stage, address in rows]
    return sorted(out, key=lambda m: (STAGE_ORDER[Stage(m.stage)], m.town, m.tier, m.name))


@dataclass
class GapGroup:
    stage: str
    count: int
    towns: list[tuple[str, int]]
    members: list[MemberRow]

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def colour(self) -> str:
        return STAGE_COLOURS[Stage(self.stage)]


@dataclass
class GapReport:
    total: int
    groups: list[GapGroup]
    done: dict[str, int] = field(default_factory=dict)      # sync -> members that completed it

    def percent(self, sync: str) -> float:
        return round(100 * self.done[sync] / self.total, 1) if self.total else 100.0

    @property
    def completion(self) -> float:
        return self.percent("restart")

    @property
    def syncs(self) -> list[tuple[str, int, float]]:
        return [(str(s.label), self.done[s.value], self.percent(s.value)) for s in Sync]


def gaps(chain: Chain) -> GapReport:
    """Every member that has not restarted, grouped by the stage it is at (so by
    the next sync it has to complete) and, inside, by town."""
    rows = members(chain)
    stages = Counter(m.stage for m in rows)
    done = sync_done(stages)
    groups = []
    for stage in Stage:
        if stage == Stage.RESTARTED:
            continue
        in_stage = [m for m in rows if m.stage == stage]
        if in_stage:
            towns = Counter(m.town for m in in_stage)
            groups.append(GapGroup(stage.value, len(in_stage), sorted(towns.items(), key=lambda t: (-t[1], t[0])),
                                   in_stage))
    return GapReport(total=len(rows), groups=groups, done=done)


@dataclass
class HandOffRow:
    member: MemberRow
    leads: list[str]
    items: list[str]
    status: str = HandOffStatus.NOT_SENT
    version: int = 0

    @property
    def status_label(self) -> str:
        return str(HandOffStatus(self.status).label)


@dataclass
class HandOffGroup:
    county_code: str
    county: str
    rows: list[HandOffRow]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def not_sent(self) -> int:
        return self.count(HandOffStatus.NOT_SENT)

    @property
    def sent(self) -> int:
        return self.count(HandOffStatus.SENT)

    @property
    def confirmed(self) -> int:
        return self.count(HandOffStatus.CONFIRMED)


def hand_off_groups(county_code6: str, *, chain: Chain | None = None) -> list[HandOffGroup]:
    """Outside suppliers of the county's chains (or of one chain), one group per
    outside county ('' = location unknown), each supplier once with the lead
    firms that need it and its hand-off status."""
    with scopes_disabled():
        qs = ChainMember.objects.filter(in_county=False, chain__lead__division__code__startswith=county_code6)
        if chain is not None:
            qs = qs.filter(chain=chain)
        found: dict[int, HandOffRow] = {}
        for row in qs.values_list("enterprise_id", "enterprise__uscc", "enterprise__name", "tier", "county_code",
                                  _STAGE, "enterprise__address", "chain__lead__name"):
            pk, uscc, name, tier, code, stage, address, lead = row
            if pk not in found:
                member = MemberRow(pk, uscc, name, tier, False, code, county_label(code),
                                   stage or Stage.NOT_SURVEYED, address)
                found[pk] = HandOffRow(member, [], [])
            found[pk].leads.append(lead)
            found[pk].member.tier = min(found[pk].member.tier, tier)
        ids = list(found)
        items = defaultdict(set)
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            for pk, item in SupplyLink.objects.filter(supplier_id__in=chunk).exclude(item="").values_list(
                    "supplier_id", "item"):
                items[pk].add(item)
            for pk, status, version in HandOff.objects.filter(
                    from_county_id=county_code6.ljust(12, "0"), supplier_id__in=chunk).values_list(
                    "supplier_id", "status", "version"):
                found[pk].status, found[pk].version = status, version
    groups: dict[str, list[HandOffRow]] = defaultdict(list)
    for row in found.values():
        row.leads.sort()
        row.items = sorted(items[row.member.enterprise_id])
        groups[row.member.county_code].append(row)
    return [HandOffGroup(code, county_label(code), sorted(rows, key=lambda r: r.member.name))
            for code, rows in sorted(groups.items(), key=lambda g: (g[0] == "", -len(g[1]), g[0]))]


@dataclass
class Membership:
    lead_uscc: str
    lead_name: str
    tier: int
    buyers: list[str]      # the firms of that chain this enterprise sells to


def memberships(enterprise_id: int) -> list[Membership]:
    """The chains an enterprise belongs to, and whom it supplies in each; never
    its fellow suppliers."""
    with scopes_disabled():
        rows = list(ChainMember.objects.filter(enterprise_id=enterprise_id)
                    .values_list("chain_id", "chain__lead_id", "chain__lead__uscc", "chain__lead__name", "tier"))
        buyers = dict(SupplyLink.objects.filter(supplier_id=enterprise_id).values_list("buyer_id", "buyer__name"))
        chain_ids = [r[0] for r in rows]
        in_chain = defaultdict(set)
        for chain_id, pk in ChainMember.objects.filter(chain_id__in=chain_ids, enterprise_id__in=list(buyers)) \
                .values_list("chain_id", "enterprise_id"):
            in_chain[chain_id].add(pk)
    out = []
    for chain_id, lead_id, uscc, name, tier in rows:
        mine = sorted(buyers[pk] for pk in buyers if pk in in_chain[chain_id] or pk == lead_id)
        out.append(Membership(uscc, name, tier, mine))
    return sorted(out, key=lambda m: (m.tier, m.lead_name))


@dataclass
class Blocking:
    """A chain's suppliers that have not restarted: the first few named (nearest
    tier first, then by name), and how many there are in all."""
    named: list[tuple[str, str, int]] = field(default_factory=list)    # (uscc, name, tier)
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.named)


def blocking_suppliers(chain_ids, restarted: set[int] | None = None, shown: int = 3) -> dict[int, Blocking]:
    """Chain id -> its blocking suppliers. ``restarted``: the ids of the firms
    that count as restarted (a past day's, from their confirmations); by default
    those at the restarted stage now, as chains_with_stats counts completion."""
    with scopes_disabled():
        rows = ChainMember.objects.filter(chain_id__in=list(chain_ids))
        if restarted is None:
            rows = rows.exclude(**{_STAGE: Stage.RESTARTED})
        rows = rows.order_by("chain_id", "tier", "enterprise__name", "enterprise_id").values_list(
            "chain_id", "enterprise_id", "enterprise__uscc", "enterprise__name", "tier")
        out: dict[int, Blocking] = {pk: Blocking() for pk in chain_ids}
        for chain, pk, uscc, name, tier in rows.iterator(chunk_size=5000):
            if restarted is not None and pk in restarted:
                continue
            blocking = out[chain]
            blocking.count += 1
            if len(blocking.named) < shown:
                blocking.named.append((uscc, name, tier))
    return out
