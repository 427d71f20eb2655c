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

# In-app notifications of one event were stored and committed
# (notifications.notify_on_commit); messaging carries them out of the app
# (e-mail, text messages, the groups' robots) without common importing it.
# Keyword arguments: notification_ids (the rows of that one event, one per user).
# Their params may name what the event concerns, for the groups of its town and
# county: ``enterprise_id`` (a firm's id) or ``division_code`` (12 digits).
notification_committed = Signal()
