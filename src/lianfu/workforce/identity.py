"""Resident ID numbers (居民身份证号码) as they arrive in spreadsheets: cleaned,
checked: check character, a real birth date, not in the future. Where they are
kept and how: common/pii.py and workforce.models.Worker."""
import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from lianfu.common.importing import RowError
from lianfu.common.importing.values import clean_code

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+\d+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def parse_id_number(text: str, field: str = "id_number", *, today: dt.date | None = None) -> str:
    """The 18-character ID number, upper case, or RowError saying what is wrong."""
    number = clean_code(text)
    if not number:
        raise RowError(field, _("the ID number is missing"))
    if _SCIENTIFIC.match(number):
        raise RowError(field, _("Excel stored this ID number as a number (「%(value)s」) and lost its last digits: "
                                "format the column as text and type it again") % {"value": number})
    if len(number) == 15 and number.isdigit():
        raise RowError(field, _("a first-generation 15-digit ID number; ask for the 18-character number"))
    if len(number) != 18:
        raise RowError(field, _("an ID number has 18 characters; this one has %(n)d") % {"n": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise RowError(field, _("an ID number is 17 digits and a digit or X"))
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise RowError(field, _("the check character (the last one) should be %(expected)s, not %(given)s: "
                                "a typing error?") % {"expected": expected, "given": number[17]})
    try:
        # ric.get_birth_date would clean the number again: a third of the
        # import's time on 500,000 rows; the digits are known clean here.
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise RowError(field, _("characters 7–14 are not a real date of birth (%(digits)s)") % {
            "digits": number[6:14]}) from None
    today = today or timezone.localdate()
    if born > today:
        raise RowError(field, _("the date of birth %(date)s lies in the future") % {"date": born.isoformat()})
    if born < EARLIEST_BIRTH:
        raise RowError(field, _("the date of birth %(date)s is before 1900") % {"date": born.isoformat()})
    return number


def parse_phone(text: str, field: str = "phone") -> str:
    value = re.sub(r"[\s()（）+]", "", text or "")
    if value.startswith("86") and len(value) == 13:
        value = value[2:]
    if not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise RowError(field, _("a mobile number (11 digits) or a landline such as 0574-63012345"))
    return value

