"""Which notifications cannot wait: these go out at once on every channel a
user chose, past the digest and through quiet hours. Everything else waits for
the daily digest, or the end of quiet hours (preferences.py, routing.py).

A table in code, not in the database: making a kind urgent wakes people at
night, so it is a decision reviewed like code."""

URGENT_KINDS = frozenset({
    "ticket.escalated",   # three times a ticket's allowed time has passed: the county must act
    "ticket.overdue",     # a ticket is past its deadline
    "checkin.red_scan",   # a worker with a red health status was at a firm's door
})


def is_urgent(kind: str) -> bool:
    return kind in URGENT_KINDS
