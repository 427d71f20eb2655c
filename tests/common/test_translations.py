"""Chinese is the default language and the catalogue is complete."""
import re
from pathlib import Path

import polib
from django.template import Context, Template
from django.utils import translation

import lianfu

CATALOGUE = Path(lianfu.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_every_string_is_translated_and_none_is_fuzzy():
    catalogue = entries()
    assert len(catalogue) > 200
    assert [e.msgid for e in catalogue if not e.translated()] == []
    assert [e.msgid for e in catalogue if "fuzzy" in e.flags] == []


def test_translations_keep_every_placeholder():
    for entry in entries():
        targets = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for target in targets:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(target)), entry.msgid


def test_counts_have_thousands_separators_and_dates_are_iso_in_both_languages():
    import datetime
    template = Template("{% load humanize %}{{ n|intcomma }} {{ d|date }}")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert template.render(Context({"n": 157770, "d": datetime.date(2020, 3, 6)})) == "157,770 2020-03-06"
