"""The tickets every demo has whatever its size, seed or hour of loading, so
each demo login finds work in its list: the dispatcher (`county`) a queue and
an extension to decide, the 经信局 desk (`dept`) new and accepted tickets with
countdowns and overdue ones, the town (`town`) a ticket of its own to triage,
the `firm` login an answer waiting for its rating, and every status present.

Each is placed by working time before ``now`` so it has reached exactly its
state whatever the hour: a hard ticket routed within the last working day is
still running; an ordinary one routed more than a working day ago is late.
Texts are corpus sentences word for word, which the classifier knows for
sure (confidence 1), so their routing is certain too."""
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from lianfu.demo.helpdesk_plan import Spec, Step, TicketActors, corpus_by_label
from lianfu.demo.helpdesk_texts import (
    AGAIN,
    COMMENTS,
    DUPLICATE_REASON,
    EXTENSION_REASONS,
    GRANT_NOTES,
    OPENINGS,
    REFUSE_NOTES,
    RETURN_REASONS,
    VAGUE,
)
from lianfu.demo.history_texts import NEEDS
from lianfu.helpdesk import deadlines
from lianfu.helpdesk.enums import Category, Channel, Difficulty, Submitter
from lianfu.restart.enums import Blocker

C, D, S = Category, Difficulty, Submitter
TODAY = "today"   # routed after the last close of business: due at the next one
VAGUE_TEXT = None


def accept(minutes: int) -> Step:
    return Step("accept", minutes)


def resolve(minutes: int) -> Step:
    return Step("resolve", minutes, args=(0,))


def rate(minutes: int, rating: int) -> Step:
    return Step("rate", minutes, args=(rating, COMMENTS[rating][0]))


def ask(minutes: int) -> Step:
    return Step("request", minutes, args=(EXTENSION_REASONS[0],))


def decide(minutes: int, grant: bool) -> Step:
    return Step("decide", minutes, args=(grant, (GRANT_NOTES if grant else REFUSE_NOTES)[0]))


@dataclass(frozen=True)
class Show:
    name: str
    firm: str        # "firm", "firm2", "home" (a firm of the home town), "town2", or another Show's name
    channel: str
    submitter: str
    category: str | None  # None: a vague text the classifier is unsure of
    difficulty: str
    start: int | str  # working minutes before now, or TODAY
    script: tuple[Step, ...] | None  # None: drawn like any other ticket's


SHOWS = (
    Show("to_rate", "firm", Channel.WEB, S.ENTERPRISE, C.SUPPLY, D.ORDINARY, 320, (accept(20), resolve(200))),
    Show("rated_5", "firm", Channel.MOBILE, S.ENTERPRISE, C.LOGISTICS, D.ORDINARY, 2300,
         (accept(30), resolve(240), rate(90, 5))),
    Show("survey", "firm", Channel.SURVEY, S.ENTERPRISE, C.LABOR, D.ORDINARY, 600, None),
    Show("new_countdown", "home", Channel.MOBILE, S.LIAISON, C.SUPPLY, D.HARD, 40, ()),
    Show("accepted_countdown", "home", Channel.WEB, S.OFFICER, C.SUPPLY, D.HARD, 300, (accept(45),)),
    Show("due_today", "home", Channel.WEB, S.ENTERPRISE, C.SUPPLY, D.ORDINARY, TODAY, ()),
    Show("overdue", "home", Channel.API, S.ENTERPRISE, C.SUPPLY, D.ORDINARY, 800, (accept(20),)),
    Show("escalated", "town2", Channel.WEB, S.ENTERPRISE, C.SUPPLY, D.ORDINARY, 2000, (accept(60),)),
    Show("extension_asked", "home", Channel.MOBILE, S.LIAISON, C.SUPPLY, D.HARD, 400, (accept(30), ask(60))),
    Show("extension_granted", "home", Channel.WEB, S.OFFICER, C.SUPPLY, D.HARD, 1200,
         (accept(30), ask(90), decide(120, True))),
    Show("extension_refused", "home", Channel.MOBILE, S.LIAISON, C.SUPPLY, D.HARD, 1500,
         (accept(20), ask(60), decide(100, False))),
    Show("reopened", "firm2", Channel.WEB, S.ENTERPRISE, C.LABOR, D.ORDINARY, 1400,
         (accept(20), resolve(200), rate(60, 2))),
    Show("rated_1", "home", Channel.WEB, S.ENTERPRISE, C.UTILITIES, D.ORDINARY, 1000,
         (accept(10), resolve(150), rate(30, 1))),
    Show("rated_4", "town2", Channel.WEB, S.ENTERPRISE, C.TAX, D.ORDINARY, 1800,
         (accept(30), resolve(100), rate(200, 4))),
    Show("rated_3", "home", Channel.MOBILE, S.ENTERPRISE, C.APPROVAL, D.ORDINARY, 2200,
         (accept(20), resolve(300), rate(120, 3))),
    Show("closed_by_sweep", "home", Channel.WEB, S.ENTERPRISE, C.FINANCE, D.ORDINARY, 2600,
         (accept(30), resolve(120))),
    Show("waiting", "home", Channel.WEB, S.ENTERPRISE, VAGUE_TEXT, D.ORDINARY, 25, ()),
    Show("waiting_since_evening", "town2", Channel.MOBILE, S.ENTERPRISE, VAGUE_TEXT, D.ORDINARY, TODAY, ()),
    Show("returned", "home", Channel.MOBILE, S.LIAISON, C.PREMISES, D.ORDINARY, 200,
         (Step("give_back", 60, args=(RETURN_REASONS[0],)),)),
    # Written again about "overdue": the department hands it back as a duplicate and the dispatcher merges it.
    Show("merged", "overdue", Channel.WEB, S.ENTERPRISE, C.SUPPLY, D.ORDINARY, 300,
         (Step("give_back", 30, args=(DUPLICATE_REASON,)), Step("merge", 20, args=("overdue",)))),
    Show("town_triage", "home", Channel.WEB, S.ENTERPRISE, C.OTHER, D.ORDINARY, 150, (accept(30),)),
    Show("hotline", "home", Channel.OPEN311, S.API_CLIENT, C.LOGISTICS, D.ORDINARY, 700, None),
)


def working_before(moment: datetime, minutes: int) -> datetime:
    """The latest instant with ``minutes`` of working time between it and ``moment``."""
    moment, left = deadlines.local(moment), timedelta(minutes=minutes)
    day = moment.date()
    while True:
        if deadlines.is_working_day(day):
            opens = datetime.combine(day, deadlines.WORKDAY_START, tzinfo=deadlines.zone())
            end = min(moment, datetime.combine(day, deadlines.WORKDAY_END, tzinfo=deadlines.zone()))
            if end > opens:
                if end - opens >= left:
                    return end - left
                left -= end - opens
        day -= timedelta(days=1)


def last_close(moment: datetime) -> datetime:
    """The latest end of a working day at or before ``moment``."""
    moment = deadlines.local(moment)
    day = moment.date()
    while True:
        close = datetime.combine(day, deadlines.WORKDAY_END, tzinfo=deadlines.zone())
        if deadlines.is_working_day(day) and close <= moment:
            return close
        day -= timedelta(days=1)


class FirmPicker:
    """The firm each show is about: the demo logins' own, else firms of the
    home town or of the second town in turn (a tiny demo's town may have
    fewer firms than shows: they come round again)."""

    def __init__(self, rng: random.Random, firms: list[tuple[int, str, bool]], named: dict[str, tuple[int, str]],
                 towns: dict[str, str]):
        self.named = named
        reserved = {pk for pk, _town in named.values()}
        self.pools = {key: [(pk, t) for pk, t, _above in firms if t == town and pk not in reserved]
                      for key, town in towns.items()}
        for pool in self.pools.values():
            rng.shuffle(pool)
        self.used = dict.fromkeys(self.pools, 0)

    def __call__(self, key: str) -> tuple[int, str]:
        if key in self.named:
            return self.named[key]
        pool = self.pools[key]
        if not pool:
            raise RuntimeError(f"no firm in the demo's {key} town to file its showcase tickets")
        self.used[key] += 1
        return pool[(self.used[key] - 1) % len(pool)]


def showcase_specs(rng: random.Random, pick_firm: FirmPicker, actors: TicketActors, now: datetime) -> list[Spec]:
    texts = corpus_by_label()
    by_name: dict[str, Spec] = {}
    vague = 0
    for show in SHOWS:
        again = by_name.get(show.firm)
        firm, town = (again.firm, again.town) if again else pick_firm(show.firm)
        if show.start == TODAY:
            close = last_close(now)
            at = close + (now - close) / 2
        else:
            at = working_before(now, show.start)
        text, candidates = _text(rng, show, texts, again, vague)
        vague += show.category is None
        script = None if show.script is None else [_resolved(step, by_name) for step in show.script]
        by_name[show.name] = Spec(
            firm, town, at.replace(microsecond=0), show.channel, show.submitter,
            actors.author(firm, town, show.submitter), text, show.category or Category.OTHER, show.difficulty,
            chosen=show.category if show.channel == Channel.OPEN311 else None, script=script, again=again,
            candidates=candidates)
    return list(by_name.values())


def _text(rng: random.Random, show: Show, texts: dict[str, list[str]], again: Spec | None, vague: int):
    """(text, candidates): a corpus sentence as it is, a survey's need, a
    repeat of the earlier ticket, or vague candidates to choose from (every
    other one for the second vague show, so the two differ)."""
    if again is not None:
        return AGAIN[0] + again.text, ()
    if show.category is None:
        return "", tuple(opening + text for text in VAGUE[vague % 2::2] for opening in OPENINGS[2:])
    if show.channel == Channel.SURVEY:
        return NEEDS[Blocker.LABOUR][0], ()
    return rng.choice(texts[show.category]), ()


def _resolved(step: Step, by_name: dict[str, Spec]) -> Step:
    """A merge names its target show; the script needs the target's spec."""
    if step.kind == "merge":
        return Step(step.kind, step.minutes, args=(by_name[step.args[0]],))
    return step
