"""What the JSON API answers when it refuses, and how the OpenAPI document says so.

Every refusal is a JSON object with ``detail``: one sentence in the caller's
language (``Error``), or, for input refused before any code ran (422), the list
of problems, each naming the field in ``loc`` (``Invalid``). What the domain
itself refuses as input (422) adds ``errors``, the messages per field as the
pages show them (``__all__`` for those about no one field).

An operation declares what it decides itself with ``refusals(...)`` in its
``response=``: 403 (not its caller's right), 404 (not found, or outside the
caller's reach: the two are answered alike), 409 (changed meanwhile), 422 (not
possible). What the framework answers for every operation alike is added to
the document by ``document_common_refusals``: 401 with ``WWW-Authenticate``,
429 with ``Retry-After``, 400 for a body that is not JSON, 422 for input out of
its bounds, 403 for a session's unsafe request without its CSRF token."""
from typing import Any

from ninja import Field, Schema

# ``WWW-Authenticate`` of every 401 (RFC 6750): the API takes bearer tokens.
BEARER_CHALLENGE = 'Bearer realm="lianfu"'
INVALID_TOKEN_CHALLENGE = 'Bearer realm="lianfu", error="invalid_token"'


class Error(Schema):
    detail: str = Field(description="why, in the caller's language")


class InputProblem(Schema):
    type: str = Field(description="the kind of problem, e.g. string_too_long, missing")
    loc: list[str | int] = Field(description="where: path, query or body, then the field")
    msg: str
    ctx: dict[str, Any] | None = Field(None, description="the bound that was crossed, e.g. max_length")


class Invalid(Schema):
    detail: str | list[InputProblem] = Field(
        description="a sentence in the caller's language, or the problems of input refused on reading it")
    errors: dict[str, list[str]] | None = Field(
        None, description="the domain's messages per field (__all__: about no one field)")


def refusals(*statuses: int) -> dict[int, type[Schema]]:
    """``response=`` entries for the refusals an operation decides itself."""
    return {status: Invalid if status == 422 else Error for status in statuses}


DESCRIPTIONS = {
    400: "The body is not JSON.",
    401: "No credentials, or a bearer token that is unknown, expired or revoked.",
    403: "Not the caller's right (or a session's unsafe request without its CSRF token).",
    404: "Not found, or outside the caller's reach: the two are answered alike.",
    409: "Someone changed the record since the version sent was read: read it again.",
    422: "Input refused: out of its bounds, or not possible in the record's state.",
    429: "Too many wrong tokens from this address: wait the seconds Retry-After says.",
}
_REF = "#/components/schemas/{model}"


def _response(status: int, model: type[Schema], headers: dict | None = None) -> dict:
    response = {"description": DESCRIPTIONS[status],
                "content": {"application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}}}
    if headers:
        response["headers"] = headers
    return response


def document_common_refusals(document: dict) -> dict:
    """Add to every operation of ``document`` the refusals the framework answers."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (Error, Invalid):
        definition = model.model_json_schema(ref_template=_REF, mode="serialization")
        schemas.update(definition.pop("$defs", {}))
        schemas[model.__name__] = definition
    for method, operation in ((m, op) for path in document["paths"].values() for m, op in path.items()):
        responses = {str(status): response for status, response in operation["responses"].items()}
        for status, response in responses.items():
            if int(status) >= 400:
                response["description"] = DESCRIPTIONS.get(int(status), response["description"])
        if operation.get("security"):
            responses.setdefault("401", _response(401, Error, {"WWW-Authenticate": {
                "description": f"the scheme to authenticate with: {BEARER_CHALLENGE}",
                "required": True, "schema": {"type": "string"}}}))
            responses.setdefault("429", _response(429, Error, {"Retry-After": {
                "description": "seconds to wait", "required": True,
                "schema": {"type": "integer", "minimum": 0}}}))
        if "requestBody" in operation:
            responses.setdefault("400", _response(400, Error))
        if method.upper() not in ("GET", "HEAD", "OPTIONS") and operation.get("security"):
            responses.setdefault("403", _response(403, Error))
        if "requestBody" in operation or operation.get("parameters"):
            responses.setdefault("422", _response(422, Invalid))
        operation["responses"] = dict(sorted(responses.items()))
    return document
