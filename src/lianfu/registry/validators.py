from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError


def normalise_uscc(value: str) -> str:
    return stdnum_uscc.compact(value or "")


def validate_uscc(value: str) -> None:
    try:
        stdnum_uscc.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code (18 characters with a correct check digit)."),
            code="invalid_uscc", params={"value": value},
        ) from None


def validate_town_code(value: str) -> None:
    """A town's statistics code: 9 digits (county + town) or the 12-digit form."""
    if not (value.isdigit() and len(value) in (9, 12)):
        raise ValidationError(_("A town code has 9 or 12 digits."), code="invalid_town_code")
