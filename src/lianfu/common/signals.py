"""Signals between apps of the same layer. restart and helpdesk may not import
each other, so a signal one sends and the other receives lives here, below
both; the receiving app connects its own receiver (in its AppConfig.ready).

Senders send after their transaction committed (``transaction.on_commit``) and
with ``send_robust``: a receiver runs in a transaction of its own, and its
failure is logged by the sender, never undoing what the sender stored."""
from django.dispatch import Signal

# A survey (restart) wrote needs (需求清单) that differ from the firm's previous
# survey's; the helpdesk files them as a ticket. Keyword arguments: survey_id,
# enterprise, actor (who recorded the survey), needs (the text, stripped).
survey_needs_changed = Signal()
