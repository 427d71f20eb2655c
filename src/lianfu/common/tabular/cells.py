"""Turn the typed values calamine returns into the strings a Table promises.

Choices (documented in the package docstring):
- str: stripped of surrounding whitespace, including full-width spaces.
- integral float below 1e15 -> "123" (Excel keeps 15 significant digits, so
  these are exact).
- every other float -> 15 significant digits, as Excel displays them: drops
  binary noise (0.1 + 0.2 -> "0.3") and turns an 18-digit ID number that
  Excel already stored as a float into "1.23456789012346e+17", which fails
  validation instead of passing as a plausible wrong number.
- bool -> "true" / "false".
- datetime -> "YYYY-MM-DD HH:MM:SS" rounded to the second; date -> "YYYY-MM-DD";
  time -> "HH:MM:SS"; duration -> "H:MM:SS" with total hours (Excel's [h]:mm).
"""
import datetime as dt


def _str(value: str) -> str:
    return value.strip()


def _float(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _round_seconds(value: dt.datetime) -> dt.datetime:
    # Excel stores times as fractions of a day; 08:30 often arrives as
    # 08:29:59.999999.
    if value.microsecond >= 500_000:
        value += dt.timedelta(seconds=1)
    return value.replace(microsecond=0)


def _datetime(value: dt.datetime) -> str:
    return _round_seconds(value).strftime("%Y-%m-%d %H:%M:%S")


def _date(value: dt.date) -> str:
    return value.isoformat()


def _time(value: dt.time) -> str:
    full = _round_seconds(dt.datetime.combine(dt.date(2000, 1, 1), value))
    return full.strftime("%H:%M:%S")


def _timedelta(value: dt.timedelta) -> str:
    total = round(value.total_seconds())
    sign = "-" if total < 0 else ""
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"


# Dispatch on the exact type: cheaper than an isinstance chain in the hot
# loop, and bool must not fall into int.
_CONVERTERS = {
    str: _str,
    float: _float,
    int: str,
    bool: _bool,
    dt.datetime: _datetime,
    dt.date: _date,
    dt.time: _time,
    dt.timedelta: _timedelta,
    type(None): lambda value: "",
}


def cell_to_str(value) -> str:
    convert = _CONVERTERS.get(type(value))
    if convert is None:
        return str(value).strip()
    return convert(value)
