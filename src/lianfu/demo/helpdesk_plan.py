"""What the demo's tickets are: who wrote which problem when, through which
channel (``Spec``), and what happens to each afterwards (a script of
``Step``s, run by helpdesk_step through helpdesk_life.Life).

Ordinary tickets are drawn at random over the week; their scripts are drawn
once the classifier has spoken, because its verdict decides the start: a
confident guess is routed at once (a wrong one comes back "not ours" and is
re-routed), an unsure one waits for the dispatcher."""
import itertools
import random
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from lianfu.accounts.models import User
from lianfu.common.roles import Role
from lianfu.demo.helpdesk_texts import (
    AGAIN,
    BLOCKER_CATEGORY,
    CLOSINGS,
    COMMENTS,
    DUPLICATE_REASON,
    EXTENSION_REASONS,
    GRANT_NOTES,
    OPENINGS,
    REFUSE_NOTES,
    REOPEN_REASONS,
    RETURN_REASONS,
)
from lianfu.demo.history_records import Actors
from lianfu.demo.history_texts import NEEDS
from lianfu.helpdesk import deadlines
from lianfu.helpdesk.classifier.corpus import corpus
from lianfu.helpdesk.enums import Category, Channel, Difficulty, Submitter

WINDOW = timedelta(days=7)
# How often each category is the real subject (supply and labour dominated early 2020).
LABELS = ((Category.SUPPLY, 20), (Category.LOGISTICS, 12), (Category.LABOR, 15), (Category.PREVENTION, 10),
          (Category.FINANCE, 10), (Category.APPROVAL, 7), (Category.TAX, 5), (Category.TRADE, 6),
          (Category.UTILITIES, 4), (Category.PREMISES, 5), (Category.OTHER, 6))
CHANNELS = ((Channel.WEB, 34), (Channel.MOBILE, 30), (Channel.SURVEY, 14), (Channel.API, 10), (Channel.OPEN311, 12))
SUBMITTERS = {
    Channel.WEB: ((Submitter.ENTERPRISE, 75), (Submitter.LIAISON, 12), (Submitter.OFFICER, 13)),
    Channel.MOBILE: ((Submitter.ENTERPRISE, 60), (Submitter.LIAISON, 40)),
    Channel.SURVEY: ((Submitter.ENTERPRISE, 65), (Submitter.LIAISON, 35)),
    Channel.API: ((Submitter.ENTERPRISE, 1),),
    # The 12345 hotline's system files through Open311 with a service code.
    Channel.OPEN311: ((Submitter.API_CLIENT, 1),),
}
RATINGS = ((5, 40), (4, 27), (3, 15), (2, 11), (1, 7))
AGAIN_SHARE, OFF_HOURS_KEPT, HARD_SHARE = 0.05, 0.12, 0.25
# Corpus sentences are the classifier's own training texts, sure every time;
# cut to their gist, about one in ten is unsure (measured on the corpus).
TERSE_SHARE, TERSE_AT_LEAST = 0.5, 6
CLAUSE_BREAK = re.compile(r"[，。！？；,.!?;：:\s]+")


@dataclass
class Step:
    """One act after submission: ``minutes`` of working time after the
    previous act, or (``share``) at that share of the allowed working time
    since routing, as resolutions are timed against their deadline."""
    kind: str
    minutes: int = 0
    share: float | None = None
    args: tuple = ()


@dataclass
class Spec:
    firm: int
    town: str
    at: datetime
    channel: str
    submitter: str
    author: User | None
    text: str
    label: str                       # the category a dispatcher gives it
    difficulty: str = Difficulty.ORDINARY
    chosen: str | None = None        # an Open311 service code
    script: list[Step] | None = None  # set for the showcase, drawn for the others
    again: "Spec | None" = None       # the earlier ticket whose problem this one repeats
    candidates: tuple[str, ...] = ()  # texts to choose the least certain of (see helpdesk_step)
    token: uuid.UUID | None = None    # drawn by helpdesk_step once every spec is in order


@dataclass
class TicketActors:
    """The demo logins who act on tickets; None where the demo has no login."""
    base: Actors
    department_staff: dict[int, User]  # department pk -> its login

    @classmethod
    def load(cls, ctx) -> "TicketActors":
        staff = {u.department_id: u for u in User.objects.filter(role=Role.DEPARTMENT_STAFF).order_by("-pk")}
        return cls(Actors.load(ctx), staff)

    @property
    def county(self) -> User | None:
        return self.base.county

    def author(self, firm: int, town: str, submitter: str) -> User | None:
        return {Submitter.ENTERPRISE: self.base.firm_users.get(firm), Submitter.LIAISON: self.base.liaisons.get(town),
                Submitter.OFFICER: self.base.town_officers.get(town)}.get(submitter)

    def owner(self, life) -> User | None:
        if life.department is not None:
            return self.department_staff.get(life.department.pk)
        return self.base.town_officers.get(life.spec.town)

    def rater(self, spec: Spec) -> User | None:
        """The firm's login, else the liaison officer who wrote it for the firm."""
        own = self.base.firm_users.get(spec.firm)
        return own or (spec.author if spec.submitter == Submitter.LIAISON else None)


def pick(rng: random.Random, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights=weights)[0]


def corpus_by_label() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for text, category in corpus():
        texts.setdefault(category, []).append(text)
    return texts


def dressed(rng: random.Random, text: str) -> str:
    return f"{rng.choice(OPENINGS)}{text}{rng.choice(CLOSINGS)}"


def submission_time(rng: random.Random, now: datetime) -> datetime:
    """A moment of the week before ``now``: mostly office hours, some evenings
    and weekends (firms write when they find the problem)."""
    start = now - WINDOW
    while True:
        moment = start + timedelta(seconds=rng.randrange(int(WINDOW.total_seconds())))
        moment = deadlines.local(moment).replace(second=0)
        local_time = moment.time()
        working = (deadlines.is_working_day(moment.date())
                   and deadlines.WORKDAY_START <= local_time < deadlines.WORKDAY_END)
        if working or rng.random() < OFF_HOURS_KEPT:
            return moment


def terse(text: str) -> str:
    """The gist of a message as typed in a hurry: its longest clause. Some
    say too little for the classifier to be sure, some mislead it."""
    clauses = [c for c in CLAUSE_BREAK.split(text) if c]
    gist = max(clauses, key=len, default=text)
    return gist if len(gist) >= TERSE_AT_LEAST else text


def problem(rng: random.Random, texts: dict[str, list[str]], channel: str) -> tuple[str, str]:
    """(text, the category a dispatcher would give it)."""
    if channel == Channel.SURVEY:
        blocker = rng.choice(sorted(NEEDS))
        return rng.choice(NEEDS[blocker]), BLOCKER_CATEGORY[blocker]
    label = pick(rng, LABELS)
    text = rng.choice(texts[label])
    return (terse(text) if rng.random() < TERSE_SHARE else dressed(rng, text)), label


def draw_specs(rng: random.Random, firms: list[tuple[int, str, bool]], actors: TicketActors, now: datetime,
               count: int) -> list[Spec]:
    """``count`` tickets over the week; a few repeat an earlier one of the same firm."""
    texts = corpus_by_label()
    # Cumulative once: rng.choices would sum 30,000 weights for every ticket.
    cumulative = list(itertools.accumulate(4 if above else 1 for _pk, _town, above in firms))
    specs = []
    for _ in range(count - round(count * AGAIN_SHARE)):
        firm, town, _above = rng.choices(firms, cum_weights=cumulative)[0]
        channel = pick(rng, CHANNELS)
        submitter = pick(rng, SUBMITTERS[channel])
        text, label = problem(rng, texts, channel)
        hard = submitter in (Submitter.LIAISON, Submitter.OFFICER) and rng.random() < HARD_SHARE
        specs.append(Spec(firm, town, submission_time(rng, now), channel, submitter,
                          actors.author(firm, town, submitter), text, label,
                          Difficulty.HARD if hard else Difficulty.ORDINARY,
                          chosen=label if channel == Channel.OPEN311 else None))
    specs.sort(key=lambda s: s.at)
    for _ in range(count - len(specs)):
        first = rng.choice(specs)
        at = min(now, first.at + timedelta(minutes=rng.randint(30, 480)))  # pressing on the same day
        specs.append(Spec(first.firm, first.town, at, Channel.WEB, Submitter.ENTERPRISE,
                          actors.author(first.firm, first.town, Submitter.ENTERPRISE),
                          rng.choice(AGAIN) + first.text, first.label, again=first))
    return specs


# --- scripts ---------------------------------------------------------------------

def draw_script(rng: random.Random, spec: Spec, routed_at_once: bool, category: str) -> list[Step]:
    steps = []
    if spec.again is not None:
        if routed_at_once:
            steps.append(Step("give_back", rng.randint(30, 240), args=(DUPLICATE_REASON,)))
        steps.append(Step("merge", rng.randint(10, 120), args=(spec.again,)))
    elif routed_at_once and category != spec.label:  # confidently wrong: "not ours", then re-routed
        steps.append(Step("give_back", rng.randint(30, 480), args=(rng.choice(RETURN_REASONS),)))
    if not routed_at_once or category != spec.label or spec.again is not None:
        # Skipped when nothing waits for dispatch (merged, or routed and kept).
        difficulty = Difficulty.HARD if rng.random() < HARD_SHARE else Difficulty.ORDINARY
        steps.append(Step("dispatch", rng.randint(15, 240), args=(spec.label, difficulty)))
    return steps + work_steps(rng)


def work_steps(rng: random.Random) -> list[Step]:
    steps = []
    if rng.random() < 0.9:
        steps.append(Step("accept", rng.randint(5, 180)))
    if rng.random() < 0.15:
        steps.append(Step("request", rng.randint(20, 240), args=(rng.choice(EXTENSION_REASONS),)))
        grant = rng.random() < 0.6
        steps.append(Step("decide", rng.randint(30, 360),
                          args=(grant, rng.choice(GRANT_NOTES if grant else REFUSE_NOTES))))
    if rng.random() < 0.05:
        return steps  # stuck: not resolved within the week
    steps.append(resolve_step(rng))
    return steps + feedback_steps(rng)


def resolve_step(rng: random.Random) -> Step:
    """Most within the deadline, some late, a few after the escalation."""
    roll = rng.random()
    share = rng.uniform(0.05, 0.95) if roll < 0.8 else rng.uniform(1.05, 2.5) if roll < 0.95 else rng.uniform(3.05, 3.6)
    return Step("resolve", share=share, args=(rng.randrange(1000),))


def feedback_steps(rng: random.Random) -> list[Step]:
    """Rated (a 1 or 2 reopens it and the owner tries again), reopened, or
    left to close when the window ends."""
    roll = rng.random()
    if roll < 0.6:
        rating = pick(rng, RATINGS)
        steps = [rate_step(rng, rating)]
        if rating <= 2:
            steps += [Step("accept", rng.randint(5, 120)), resolve_step(rng)]
            if rng.random() < 0.5:
                steps.append(rate_step(rng, rng.choice((3, 4, 5))))
        return steps
    if roll < 0.66:
        return [Step("reopen", rng.randint(30, 900), args=(rng.choice(REOPEN_REASONS),)),
                Step("accept", rng.randint(5, 120)), resolve_step(rng)]
    return []


def rate_step(rng: random.Random, rating: int) -> Step:
    return Step("rate", rng.randint(10, 900), args=(rating, rng.choice(COMMENTS[rating])))
