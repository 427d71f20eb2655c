"""Chain endpoints: the county's chains, a chain's tree, gaps and outside
suppliers, an enterprise's memberships, and hand-off status changes. Scoped
and permission-checked exactly like the pages (access.py)."""
from typing import Literal

from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from lianfu.chains import domain, queries
from lianfu.chains.access import get_chain, hand_off_county, home_county_code, tree_view_for
from lianfu.chains.enums import DEFAULT_DEPTH, MAX_DEPTH, Essential, HandOffStatus
from lianfu.chains.graph import load_supplier_graph
from lianfu.chains.models import Chain
from lianfu.chains.tree import summary, unfold
from lianfu.common.api_errors import refusals
from lianfu.common.api_inputs import Text, Uscc, Version
from lianfu.common.pagination import BoundedLimitOffsetPagination
from lianfu.registry.models import Enterprise
from lianfu.registry.stages import Stage

router = Router(tags=["chains"])


class ChainOut(Schema):
    lead_uscc: str = Field(alias="lead.uscc")
    lead_name: str = Field(alias="lead.name")
    town_code: str | None = Field(None, alias="lead.division_id")
    suppliers: int
    in_county: int
    out_of_county: int
    restarted: int
    completion: float


ChainSort = Literal[tuple(key for name in queries.CHAIN_SORTS for key in (name, f"-{name}"))]


class ChainQuery(Schema):
    sort: ChainSort = Field("-completion", description="a column; a leading - sorts descending")


@router.get("", response={200: list[ChainOut], **refusals(403)})
@paginate(BoundedLimitOffsetPagination)
def list_chains(request, filters: Query[ChainQuery]):
    if not request.user.has_perm("chains.list_chains"):
        raise HttpError(403, "not allowed for your role")
    return queries.chains_with_stats(Chain.objects.all(), filters.sort)


class TreeQuery(Schema):
    depth: int = Field(DEFAULT_DEPTH, ge=1, le=MAX_DEPTH)


class TreeNodeOut(Schema):
    uscc: str
    name: str
    tier: int = Field(description="0 for the lead, 1 for its direct suppliers, …")
    town: str
    county_code: str
    county: str
    in_county: bool
    stage: Stage
    stage_label: str
    colour: str
    detail: bool = Field(description="whether the caller may open the firm's page")
    cycle: bool
    repeat: bool
    # The link to the buyer above: every node but the lead.
    item: str | None = None
    annual_value: float | None = None
    share: float | None = None
    essential: Essential | None = None
    stock_days: float | None = Field(None, description="the buyer's stock; only officers and the buyer read it")
    children: list["TreeNodeOut"]


class TreeSummaryOut(Schema):
    suppliers: int
    by_tier: dict[int, int]
    in_county: int
    out_of_county: int
    by_stage: dict[str, int]
    done: dict[str, int]
    completion: float


class TreeOut(Schema):
    depth: int
    nodes: int
    truncated: bool
    summary: TreeSummaryOut
    tree: TreeNodeOut


@router.get("/{lead}/tree", response={200: TreeOut, **refusals(403, 404)}, exclude_unset=True)
def chain_tree(request, lead: Uscc, params: Query[TreeQuery]):
    """The lead firm's supplier tree: every node once per path, with tier, place,
    item, value, share of the buyer's inputs and four-sync stage."""
    chain = get_chain(request.user, lead)
    graph = load_supplier_graph(chain.lead_id, params.depth)
    tree = unfold(graph)
    return {"depth": params.depth, "nodes": tree.node_count, "truncated": tree.truncated,
            "summary": summary(graph), "tree": tree_view_for(request.user).nested(tree)}


class MemberOut(Schema):
    uscc: str
    name: str
    tier: int
    in_county: bool
    county_code: str
    town: str
    stage: Stage


class GapGroupOut(Schema):
    stage: Stage
    count: int
    towns: list[tuple[str, int]]
    members: list[MemberOut]


class GapsOut(Schema):
    suppliers: int
    completion: float
    done: dict[str, int]
    groups: list[GapGroupOut]


@router.get("/{lead}/gaps", response={200: GapsOut, **refusals(403, 404)})
def chain_gaps(request, lead: Uscc):
    report = queries.gaps(get_chain(request.user, lead))
    return {"suppliers": report.total, "completion": report.completion, "done": report.done,
            "groups": report.groups}


class HandOffRowOut(Schema):
    uscc: str = Field(alias="member.uscc")
    name: str = Field(alias="member.name")
    tier: int = Field(alias="member.tier")
    stage: Stage = Field(alias="member.stage")
    address: str = Field(alias="member.address")
    leads: list[str]
    items: list[str]
    status: HandOffStatus
    version: int


class HandOffGroupOut(Schema):
    county_code: str
    county: str
    rows: list[HandOffRowOut]


@router.get("/{lead}/outside-suppliers", response={200: list[HandOffGroupOut], **refusals(403, 404)})
def chain_outside_suppliers(request, lead: Uscc):
    chain = get_chain(request.user, lead)
    return queries.hand_off_groups(home_county_code(chain), chain=chain)


class MembershipOut(Schema):
    lead_uscc: str
    lead_name: str
    tier: int
    buyers: list[str]


@router.get("/memberships", response={200: list[MembershipOut], **refusals(403)})
def my_memberships(request):
    """The chains the caller's enterprise supplies, and whom it supplies in each."""
    if not request.user.has_perm("chains.view_memberships"):
        raise HttpError(403, "only enterprise users belong to chains")
    return queries.memberships(request.user.enterprise_id)


@router.get("/hand-offs", response={200: list[HandOffGroupOut], **refusals(403)})
def hand_offs(request):
    county = hand_off_county(request.user)
    return queries.hand_off_groups(county.code[:6])


class SentIn(Schema):
    county_code: str = Field(pattern=r"^\d{6}$")


class SentOut(Schema):
    sent: int


@router.post("/hand-offs/sent", response={200: SentOut, **refusals(403, 404)})
def hand_offs_sent(request, body: SentIn):
    """Mark the list for one outside county as sent."""
    county = hand_off_county(request.user)
    group = next((g for g in queries.hand_off_groups(county.code[:6]) if g.county_code == body.county_code), None)
    if group is None:
        raise HttpError(404, "no outside suppliers in that county")
    count = domain.mark_hand_offs_sent(actor=request.user, county=county, to_county_code=body.county_code,
                                       supplier_ids=[r.member.enterprise_id for r in group.rows])
    return {"sent": count}


class ConfirmIn(Schema):
    version: Version
    note: Text(200) = ""


class HandOffOut(Schema):
    status: HandOffStatus
    version: int


@router.post("/hand-offs/{uscc}/confirm", response={200: HandOffOut, **refusals(403, 404, 409)})
def hand_off_confirm(request, uscc: Uscc, body: ConfirmIn):
    """The outside county confirmed the supplier restarted. ``version`` is the
    one you read; a newer one answers 409."""
    county = hand_off_county(request.user)
    row = next((r for g in queries.hand_off_groups(county.code[:6]) for r in g.rows if r.member.uscc == uscc), None)
    if row is None:
        raise HttpError(404, "not an outside supplier of this county's chains")
    with scopes_disabled():
        supplier = get_object_or_404(Enterprise, uscc=uscc)
    try:
        hand_off = domain.confirm_hand_off(actor=request.user, county=county, supplier=supplier,
                                           to_county_code=row.member.county_code, version=body.version,
                                           note=body.note)
    except domain.StaleVersion:
        raise HttpError(409, "someone changed this hand-off meanwhile; reload it") from None
    return {"status": hand_off.status, "version": hand_off.version}
