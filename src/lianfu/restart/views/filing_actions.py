"""The four things a person can do to one filing (confirm, resubmit, approve,
return), shared by the filing page and the review queue's inline buttons."""
from dataclasses import dataclass
from typing import Callable

from django import forms
from django.core.exceptions import BadRequest

from lianfu.common.outcomes import Outcome
from lianfu.common.workflow import require
from lianfu.restart import domain
from lianfu.restart.checklists import checklist
from lianfu.restart.enums import FilingStatus
from lianfu.restart.errors import Conflict, WorkflowError
from lianfu.restart.forms import ApproveForm, FilingForm, ReturnForm
from lianfu.restart.models import Filing


@dataclass(frozen=True)
class Action:
    perm: str
    form: type[forms.Form]
    step: Callable
    status: FilingStatus          # the status in which the page offers it


ACTIONS = {
    "confirm": Action("restart.file", FilingForm, domain.confirm_member_filing, FilingStatus.AWAITING_MEMBER),
    "resubmit": Action("restart.file", FilingForm, domain.resubmit_filing, FilingStatus.RETURNED),
    "approve": Action("restart.review_filing", ApproveForm, domain.approve_filing, FilingStatus.SUBMITTED),
    "return": Action("restart.review_filing", ReturnForm, domain.return_filing, FilingStatus.SUBMITTED),
}


def make_form(action: str, filing: Filing, data=None) -> forms.Form:
    spec = ACTIONS[action]
    initial = {"version": filing.version}
    if spec.form is FilingForm:
        # A returned filing is fixed, not retyped: start from what was filed.
        initial.update(headcount_planned=filing.headcount_planned, commitments=filing.commitments)
        return FilingForm(data, initial=initial, items=checklist(filing.enterprise), prefix=action)
    return spec.form(data, initial=initial, prefix=action)


def offered(user, filing: Filing) -> dict[str, forms.Form]:
    """The blank forms the filing's state and the user's rights call for."""
    return {name: make_form(name, filing) for name, spec in ACTIONS.items()
            if spec.status == filing.status and user.has_perm(spec.perm, filing.enterprise)}


def perform(user, filing: Filing, data) -> Outcome:
    action = data.get("action", "")
    if action not in ACTIONS:
        raise BadRequest(action)
    spec = ACTIONS[action]
    require(user, spec.perm, filing.enterprise)
    form = make_form(action, filing, data)
    if not form.is_valid():
        return Outcome(action, form)
    try:
        spec.step(actor=user, filing=filing, **form.cleaned_data)
    except Conflict as error:
        # The page will show the current record; the typed values stay, now
        # against the version shown, so a second submit is a deliberate one.
        current = Filing.objects.get(pk=filing.pk)
        fresh = data.copy()
        fresh[f"{action}-version"] = str(current.version)
        return Outcome(action, make_form(action, current, fresh), error)
    except WorkflowError as error:
        return Outcome(action, form, error)
    return Outcome(action, form, done=True)
