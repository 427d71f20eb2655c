"""Is a new message about the same thing as one of the enterprise's open
tickets? Character bigrams (Chinese has no spaces to split on, and bigrams
survive typos and reordering) compared by the Dice coefficient."""
import datetime as dt
import re

from lianfu.helpdesk.enums import OPEN_STATUSES
from lianfu.helpdesk.models import Ticket

WINDOW = dt.timedelta(days=7)
# Same category: a shared subject is enough; across categories the texts must
# say nearly the same thing (the classifier may have wavered between two).
SAME_CATEGORY_AT_LEAST = 0.30
ANY_CATEGORY_AT_LEAST = 0.60

_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def bigrams(text: str) -> set[str]:
    letters = _NOT_TEXT.sub("", text.lower())
    return {letters[i:i + 2] for i in range(len(letters) - 1)} or ({letters} if letters else set())


def similarity(a: str, b: str) -> float:
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def is_same_thing(text: str, category: str, ticket: Ticket) -> bool:
    score = similarity(text, ticket.text)
    return score >= (SAME_CATEGORY_AT_LEAST if category == ticket.category else ANY_CATEGORY_AT_LEAST)


def find_duplicate(enterprise_id: int, text: str, category: str, now: dt.datetime) -> Ticket | None:
    """The enterprise's most similar open ticket from the last 7 days, if it is about the same thing."""
    recent = Ticket.objects.filter(enterprise_id=enterprise_id, status__in=OPEN_STATUSES,
                                   created_at__gte=now - WINDOW).order_by("-created_at")[:50]
    matches = [t for t in recent if is_same_thing(text, category, t)]
    return max(matches, key=lambda t: similarity(text, t.text), default=None)
