"""Header text as officials write it, reduced to a key we can compare:
full-width → half-width, units in brackets dropped （万元）（人）（天）,
spaces and punctuation gone, 是否/有无 prefixes dropped, lower case."""
import re
import unicodedata

_UNITS = "万元|亿元|千元|元|万人|人|名|个|家|天|日|吨|台|件|户|平方米|㎡|m2|%|公斤|千克|万|次|辆"
_UNIT_IN_BRACKETS = re.compile(rf"[(\[【〔]\s*(?:单位[:：]?\s*)?(?:{_UNITS})\s*[)\]】〕]")
_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")
_NOISE = re.compile(r"[\s_\-—–:：/\\|、,，.。·*#\"'“”‘’<>《》!！?？~()\[\]【】〔〕{}]+")
_PREFIXES = ("是否", "有无")


def _fold(text: str) -> str:
    # NFKC turns full-width letters, digits and brackets into ASCII; the
    # ideographic space becomes a plain one.
    return unicodedata.normalize("NFKC", text or "").lower()


def header_key(text: str) -> str:
    """The comparable form of a header cell ("" for a blank one)."""
    key = _NOISE.sub("", _UNIT_IN_BRACKETS.sub("", _fold(text)))
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
    return key


def outside_brackets_key(text: str) -> str:
    """The key of what stands outside any brackets: "供货给（上级企业代码）" -> "供货给"."""
    return header_key(_BRACKETED.sub("", _fold(text)))


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA": how officials name a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
