"""Demo step: a week of helpdesk tickets, the seven days before the demo is
loaded (ctx.now), so inboxes show live countdowns.

The county's routing table gets one row per category (its default
department). Tickets are about the county's firms (the larger ones write
more), written on the web, the phone, through the API, by the 12345 hotline
over Open311 and in surveys, by firms, liaison officers and town officers;
their problems are corpus sentences as firms would type them, classified in
one batch by the real classifier. The showcase (helpdesk_showcase) puts
every status and every login's work in place; the rest play out their
scripts (helpdesk_plan) until ``now``, with the sweep's overdue notes,
escalations and closings at the instants they fell due (helpdesk_life).
Dispatchers' routings are stored as classification corrections, as the
domain does. Runs after accounts_step: the demo logins act where they can."""
import uuid
from collections import Counter
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.common import bulk
from lianfu.demo.accounts_step import HOME_TOWN, SECOND_TOWN, largest_firm, town_named
from lianfu.demo.context import DemoContext
from lianfu.demo.helpdesk_life import Life
from lianfu.demo.helpdesk_plan import Spec, Step, TicketActors, draw_script, draw_specs
from lianfu.demo.helpdesk_showcase import FirmPicker, showcase_specs
from lianfu.demo.helpdesk_texts import RESOLUTIONS
from lianfu.helpdesk import deadlines
from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD, default_classifier
from lianfu.helpdesk.enums import DEFAULT_DEPARTMENT, Category, Status
from lianfu.helpdesk.models import CategoryRoute, ClassificationCorrection, Ticket, TicketEvent
from lianfu.helpdesk.routing import department_for
from lianfu.registry.models import Department, Division, Enterprise

TICKETS = {"tiny": 40, "small": 120, "county": 1500}
TICKET_FIELDS = ("enterprise", "town", "submitted_by", "submitter", "channel", "text", "category", "confidence",
                 "department", "difficulty", "status", "created_at", "updated_at", "routed_at", "due_at",
                 "escalate_at", "overdue_noted_at", "escalated_at", "extension", "extension_reason", "resolved_at",
                 "resolution", "resolved_on_time", "reopen_until", "rating", "closed_at", "token", "version")
# What a life changes after submission (helpdesk_life.Life keeps the model's names).
STATE_FIELDS = ("difficulty", "status", "updated_at", "routed_at", "due_at", "escalate_at",
                "overdue_noted_at", "escalated_at", "extension", "extension_reason", "resolved_at", "resolution",
                "resolved_on_time", "reopen_until", "rating", "closed_at")
MIN_GAP = timedelta(minutes=5)


def write_routes(ctx: DemoContext) -> dict[str, Department | None]:
    """One CategoryRoute per category (so the admin lists the whole table), then the table."""
    for category in Category:
        code = DEFAULT_DEPARTMENT[category]
        department = Department.objects.filter(county=ctx.county, code=code).first() if code else None
        CategoryRoute.objects.get_or_create(county=ctx.county, category=category,
                                            defaults={"department": department})
    return {category: department_for(ctx.county.code, category) for category in Category.values}


def plan(ctx: DemoContext, firms: list[tuple[int, str, bool]], actors: TicketActors, now: datetime) -> list[Spec]:
    home, second = town_named(ctx, HOME_TOWN, 0), town_named(ctx, SECOND_TOWN, -1)
    named = {key: (firm.pk, firm.division_id) for key, firm in (("firm", largest_firm(home)),
                                                               ("firm2", largest_firm(second)))}
    pick_firm = FirmPicker(ctx.rng("helpdesk-showcase-firms"), firms, named, {"home": home.code, "town2": second.code})
    shows = showcase_specs(ctx.rng("helpdesk-showcase"), pick_firm, actors, now)
    specs = shows + draw_specs(ctx.rng("helpdesk-specs"), firms, actors, now, TICKETS[ctx.size] - len(shows))
    specs.sort(key=lambda spec: spec.at)  # stable: a repeat never sorts before the ticket it repeats
    tokens = ctx.rng("helpdesk-tokens")
    for spec in specs:
        spec.token = uuid.UUID(int=tokens.getrandbits(128), version=4)
    return specs


def classify(specs: list[Spec]) -> list[tuple[str, float]]:
    """The classifier's (category, confidence) per spec, in one batch; a spec
    with candidates takes the one the classifier is least sure of."""
    texts = [spec.text for spec in specs if not spec.candidates]
    texts += [text for spec in specs for text in spec.candidates]
    predictions = iter(default_classifier().predict_many(texts))
    plain = {id(spec): next(predictions) for spec in specs if not spec.candidates}
    verdicts = []
    for spec in specs:
        if spec.candidates:
            scored = [(next(predictions), text) for text in spec.candidates]
            prediction, spec.text = min(scored, key=lambda pair: pair[0].confidence)
            if prediction.confidence >= CONFIDENCE_THRESHOLD:
                raise RuntimeError("the classifier is sure of every vague demo text: add vaguer ones")
        else:
            prediction = plain[id(spec)]
        verdicts.append((str(prediction.category), prediction.confidence))
    return verdicts


def simulate(ctx: DemoContext, specs: list[Spec], verdicts, actors: TicketActors, route_of, now) -> list[Life]:
    towns = dict(Division.objects.filter(code__in={s.town for s in specs}).values_list("code", "name"))
    rng = ctx.rng("helpdesk-scripts")
    lives: dict[int, Life] = {}
    for spec, (predicted, confidence) in zip(specs, verdicts):
        life = Life(spec, predicted, confidence, route_of, towns[spec.town])
        routed_at_once = bool(spec.chosen) or confidence >= CONFIDENCE_THRESHOLD
        script = spec.script if spec.script is not None else draw_script(rng, spec, routed_at_once, life.category)
        live(life, script, actors, lives, now)
        lives[id(spec)] = life
    return list(lives.values())


def live(life: Life, script: list[Step], actors: TicketActors, lives: dict[int, Life], now: datetime) -> None:
    """Submit, then each step at its time until ``now``; a step the domain
    would refuse (an extension after the deadline, a merge into a closed
    ticket) is skipped and its time passes."""
    life.submit()
    moment = life.created_at
    for step in script:
        moment = _when(step, life, moment)
        if moment > now:
            break
        life.tick(moment, inclusive=False)
        _act(step, life, moment, actors, lives)
    life.tick(now, inclusive=True)


def _when(step: Step, life: Life, previous: datetime) -> datetime:
    if step.share is not None and life.routed_at is not None:
        allowed = deadlines.working_time(life.routed_at, life.due_at)
        return max(previous + MIN_GAP, deadlines.add_working_time(life.routed_at, allowed * step.share))
    return deadlines.add_working_minutes(previous, step.minutes)


def _act(step: Step, life: Life, at: datetime, actors: TicketActors, lives: dict[int, Life]) -> bool:
    kind, args = step.kind, step.args
    if kind == "dispatch":
        return life.dispatch(at, actors.county, *args)
    if kind == "merge":
        return life.merge(at, actors.county, lives[id(args[0])])
    if kind == "decide":
        return life.decide_extension(at, actors.county, *args)
    if kind in ("rate", "reopen"):
        return getattr(life, kind)(at, actors.rater(life.spec), *args)
    owner = actors.owner(life)
    if kind == "resolve":
        answers = RESOLUTIONS[life.category]
        return life.resolve(at, owner, answers[args[0] % len(answers)])
    act = {"accept": life.accept, "give_back": life.give_back, "request": life.request_extension}[kind]
    return act(at, owner, *args)


def write(lives: list[Life]) -> None:
    bulk.insert(Ticket, [_ticket(life) for life in lives], TICKET_FIELDS)
    by_token = {life.spec.token: life for life in lives}
    for chunk in bulk.chunks(list(by_token)):
        for token, pk in Ticket.objects.filter(token__in=chunk).values_list("token", "pk"):
            by_token[token].pk = pk
    merged = [Ticket(pk=life.pk, merged_into_id=life.merged_into.pk) for life in lives if life.merged_into]
    bulk.update(Ticket, merged, ("merged_into",))
    # Plain rows, not model instances: building 20,000 of those costs more than inserting them.
    events = [SimpleNamespace(ticket_id=life.pk, kind=e.kind, at=e.at, actor_id=e.actor.pk if e.actor else None,
                              note=e.note, data={k: v.pk if isinstance(v, Life) else v for k, v in e.data.items()})
              for life in lives for e in sorted(life.events, key=lambda e: e.at)]
    bulk.insert(TicketEvent, events, ("ticket", "kind", "at", "actor", "note", "data"))
    corrections = sorted((c for life in lives for c in life.corrections), key=lambda c: c[3])
    bulk.insert(ClassificationCorrection, [SimpleNamespace(text=text, category=category, created_at=at,
                                                           corrected_by_id=by.pk if by else None)
                                           for text, category, by, at in corrections],
                ("text", "category", "corrected_by", "created_at"))


def _ticket(life: Life) -> Ticket:
    spec = life.spec
    ticket = Ticket(enterprise_id=spec.firm, town_id=spec.town, submitted_by_id=spec.author.pk if spec.author else None,
                    submitter=spec.submitter, channel=spec.channel, text=spec.text, category=life.category,
                    confidence=life.confidence, created_at=life.created_at, token=spec.token, version=life.version,
                    department_id=life.department.pk if life.department else None)
    for name in STATE_FIELDS:
        setattr(ticket, name, getattr(life, name))
    return ticket


def helpdesk_step(ctx: DemoContext) -> None:
    with scopes_disabled(), transaction.atomic():
        route_of = write_routes(ctx)
        firms = list(Enterprise.objects.filter(division__code__startswith=ctx.county.prefix).order_by("pk")
                     .values_list("pk", "division_id", "above_scale"))
        if not firms:
            return
        now = deadlines.local(ctx.now).replace(microsecond=0)
        actors = TicketActors.load(ctx)
        specs = plan(ctx, firms, actors, now)
        ctx.progress("tickets", 1, 3)
        lives = simulate(ctx, specs, classify(specs), actors, route_of, now)
        ctx.progress("tickets", 2, 3)
        write(lives)
        ctx.progress("tickets", 3, 3)
        counts = Counter(life.status for life in lives)
        ctx.summary.append(f"helpdesk: {len(lives):,} tickets over the week before {now:%Y-%m-%d %H:%M} ("
                           + ", ".join(f"{status.value} {counts[status]}" for status in Status) + ")")
