"""Cell values as officials type them, read the same way by every importer.

Each parser takes non-blank cell text and returns the value, or raises
RowError(field, reason) with the reason in the user's words: what was found
and what to write instead. Nothing is guessed: "约300" and "300人" are refused
with the reason, not read as 300."""
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from lianfu.common.importing.result import RowError

_TRUE = {"是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "有", "规上", "对"}
_FALSE = {"否", "n", "no", "false", "f", "0", "×", "✗", "✘", "无", "没有", "规下", "不是"}
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_APPROXIMATE = re.compile(r"^(约|大约|近|将近|超过|不到|不足|大概|左右)|(左右|余|多|以上|以下|上下|\+)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_UNIT = re.compile(r"^([+-]?[\d.,]+)\s*([^\d.,\s]+)$")
_FORMULA = re.compile(r"^=")
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (20000, 80000)      # 1954 .. 2119: serials outside are more likely typos


def fold(text: str) -> str:
    """Full-width → half-width, no stray spaces (NFKC)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def clean_code(text: str) -> str:
    """A code as typed: lower case, spaces, full-width characters, Excel's
    leading apostrophe → upper-case ASCII with nothing around it."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lstrip("'‘’`").upper()


def parse_bool(text: str, field: str):
    value = fold(text).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise RowError(field, _("「%(value)s」 is not yes or no: write 是 or 否 (also Y/N, 1/0, √/×, 有/无)")
                   % {"value": text})


def parse_decimal(text: str, field: str, *, places: int | None = None) -> Decimal:
    """A number: thousands separators, full-width digits and a trailing .0 are
    fine; a unit, an approximation or a formula is refused with the reason."""
    value = fold(text).replace("，", ",")
    if _FORMULA.match(value):
        raise RowError(field, _("the cell holds a formula with no stored value (%(value)s): "
                                "open the file in Excel or WPS, save it, and upload it again") % {"value": value})
    if _APPROXIMATE.search(value):
        raise RowError(field, _("「%(value)s」 is an approximate number: write the exact number") % {"value": text})
    unit = _UNIT.match(value)
    if unit and not _NUMBER.match(value.replace(",", "")):
        raise RowError(field, _("「%(value)s」 carries a unit (%(unit)s): write the number only, such as %(number)s")
                       % {"value": text, "unit": unit.group(2), "number": unit.group(1)})
    if "," in value:
        if not _GROUPED.match(value):
            raise RowError(field, _("「%(value)s」 is not a number") % {"value": text})
        value = value.replace(",", "")
    if not _NUMBER.match(value):
        raise RowError(field, _("「%(value)s」 is not a number") % {"value": text})
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RowError(field, _("「%(value)s」 is not a number") % {"value": text}) from None
    return number.quantize(Decimal(1).scaleb(-places)) if places is not None else number


def parse_count(text: str, field: str, *, maximum: int = 2_147_483_647) -> int:
    """A whole number of 0 or more ("1,200", "１２００", "300.0")."""
    number = parse_decimal(text, field)
    if number != number.to_integral_value():
        raise RowError(field, _("「%(value)s」 is not a whole number") % {"value": text})
    if number < 0:
        raise RowError(field, _("cannot be negative"))
    if number > maximum:
        raise RowError(field, _("at most %(n)s") % {"n": f"{maximum:,}"})
    return int(number)


def parse_percent(text: str, field: str) -> tuple[Decimal, str]:
    """A percentage as 85, 85% or 0.85 → (85, how it was read). Without a %
    sign, a value above 0 and at most 1 is read as a fraction; the caller
    reports that assumption."""
    value = fold(text)
    if value.endswith(("%", "％")):
        number, how = parse_decimal(value[:-1], field), "percent_sign"
    else:
        number = parse_decimal(value, field)
        how = "fraction" if 0 < number <= 1 and "." in value else "percent"
        if how == "fraction":
            number *= 100
    if not 0 <= number <= 100:
        raise RowError(field, _("「%(value)s」 is not a percentage between 0 and 100") % {"value": text})
    # 85 not 85.00, 85.5 not 85.500; never normalize() an integral value: 100 would become 1E+2.
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize(), how


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_DATE_SPACES = re.compile(r"\s*([年月日])\s*")


def parse_date(text: str, field: str) -> dt.date:
    """2020-03-06, 2020/3/6, 2020.3.6, 2020年3月6日, 20200306 or an Excel serial (43896)."""
    value = _DATE_SPACES.sub(r"\1", fold(text))   # "2020 年 3 月 6 日", as Word aligns it
    if value.isdigit() and len(value) == 5 and SERIAL_RANGE[0] <= int(value) <= SERIAL_RANGE[1]:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    for pattern in _DATE_PATTERNS:
        found = pattern.match(value)
        if found:
            year, month, day = (int(g) for g in found.groups()[:3])
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise RowError(field, _("「%(value)s」 is not a date: write it as 2020-03-06 (2020/3/6 and 2020年3月6日 also work)")
                   % {"value": text})


def parse_text(text: str, field: str, max_length: int) -> str:
    # Names keep their own characters: （集团） stays full-width as registered.
    value = text.strip()
    if len(value) > max_length:
        raise RowError(field, _("at most %(n)d characters") % {"n": max_length})
    return value
