"""What a JSON API input may hold, as the database column holding it does:
an integer past its column's range or a text with a NUL character (which
PostgreSQL refuses) is a 422 naming the field, never a database error (500).

Every schema and every path or query parameter of /api/ uses these types (or
states its own bounds with Field), so the OpenAPI document says the bounds too."""
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

MAX_INT = 2_147_483_647        # IntegerField and PositiveIntegerField on every database
MAX_SMALLINT = 32_767          # SmallIntegerField and PositiveSmallIntegerField
MAX_BIGINT = 2**63 - 1         # BigAutoField: every primary key


def refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL characters (\\u0000) are not accepted")
    return value


def Text(max_length: int, *, min_length: int = 0, strip: bool = False, pattern: str | None = None):  # noqa: N802
    """A string of at most ``max_length`` characters (the column's), without NUL;
    ``min_length=1, strip=True`` for text the server requires (a reason)."""
    return Annotated[str, StringConstraints(strip_whitespace=strip, min_length=min_length, max_length=max_length,
                                            pattern=pattern),
                     AfterValidator(refuse_nul)]


Count = Annotated[int, Field(ge=0, le=MAX_INT)]               # PositiveIntegerField
Percent = Annotated[int, Field(ge=0, le=100)]                 # PositiveSmallIntegerField holding a percentage
Version = Annotated[int, Field(ge=0, le=MAX_INT, description="the version you read; a newer one answers 409")]
Id = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
# A credit code as found in a path or a list: 18 characters when well formed;
# anything else is simply not found (404), never a database error. Never empty:
# every operation taking one needs it (a path segment cannot be empty anyway).
Uscc = Text(18, min_length=1)
DivisionCode = Text(12, min_length=1)
DivisionFilter = Text(12)   # a division code to filter by; empty: no filter
