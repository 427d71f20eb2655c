"""What the helpdesk does when other apps announce something (connected in
HelpdeskConfig.ready; the signals live in common/signals.py)."""
import logging

from lianfu.helpdesk.domain import submit_ticket
from lianfu.helpdesk.enums import Channel

log = logging.getLogger(__name__)


def file_survey_needs(sender, *, survey_id: int, enterprise, actor, needs: str, **kwargs):
    """New needs written in a survey become a ticket, filed after the survey
    committed, in the ticket's own transaction. An enterprise without a town on
    record cannot be routed: its needs stay on its survey for the county to
    read, and no ticket is filed."""
    if enterprise.division_id is None:
        log.info("survey %s: %s has no town on record, its needs are not filed as a ticket",
                 survey_id, enterprise.uscc)
        return None
    # needs is at most 2,000 characters (the survey field) and a ticket takes
    # 4,000, so the text always fits.
    return submit_ticket(actor=actor, enterprise=enterprise, text=needs, channel=Channel.SURVEY,
                         survey_id=survey_id)
