"""Why a workflow step was refused, in words the user can act on."""


class WorkflowError(Exception):
    status = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The step is not possible in the record's current state (HTTP 422)."""

    status = 422


class Conflict(WorkflowError):
    """Someone else changed the record since it was read (HTTP 409)."""

    status = 409
