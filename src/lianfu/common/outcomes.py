"""What a page action (a form posted to a workflow step) came to: shared by
the four-sync filing actions and the helpdesk's ticket actions."""
from dataclasses import dataclass

from django import forms

from lianfu.common.errors import WorkflowError


@dataclass
class Outcome:
    action: str
    form: forms.Form
    error: WorkflowError | None = None
    done: bool = False

    @property
    def refusal(self) -> str:
        """Why it was refused, in one line: the step's reason, else the form's errors."""
        if self.error is not None:
            return str(self.error.message)
        return " ".join(str(e) for errors in self.form.errors.values() for e in errors)
