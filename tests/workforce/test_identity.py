"""ID numbers as spreadsheets carry them: each way one can be wrong is refused in its own words."""
import datetime as dt

import pytest
from django.utils import translation

from lianfu.common.importing import RowError
from lianfu.workforce.identity import parse_id_number, parse_phone
from tests.factories.workforce import id_number

TODAY = dt.date(2020, 2, 20)


def reason(text: str) -> str:
    with translation.override("en"):
        with pytest.raises(RowError) as caught:
            parse_id_number(text, today=TODAY)
        return str(caught.value.reason)


def test_a_valid_number_is_cleaned_to_upper_case():
    good = id_number("340221", "19870512", 12)
    assert parse_id_number(f" {good.lower()} ", today=TODAY) == good
    with_x = next(n for n in (id_number("510722", "19950303", s) for s in range(1, 200)) if n.endswith("X"))
    assert parse_id_number(with_x.lower(), today=TODAY) == with_x


def test_a_wrong_check_character_names_the_right_one():
    good = id_number("340221", "19870512", 12)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert reason(wrong) == f"the check character (the last one) should be {good[-1]}, not {wrong[-1]}: a typing error?"


def test_31_february_is_not_a_date_of_birth():
    assert reason(id_number("340221", "19900231", 7)) == "characters 7–14 are not a real date of birth (19900231)"


def test_a_birth_date_in_the_future_is_refused():
    assert reason(id_number("340221", "20200221", 7)) == "the date of birth 2020-02-21 lies in the future"
    assert parse_id_number(id_number("340221", "20200220", 7), today=TODAY)   # born today: accepted


def test_lengths_and_excel_numbers():
    assert reason("") == "the ID number is missing"
    assert reason("34022119870512") == "an ID number has 18 characters; this one has 14"
    assert reason("340221870512123") == "a first-generation 15-digit ID number; ask for the 18-character number"
    assert reason("3.40221E+17") == ("Excel stored this ID number as a number (「3.40221E+17」) and lost its last "
                                     "digits: format the column as text and type it again")
    assert reason("34022119870512A23X") == "an ID number is 17 digits and a digit or X"
    assert reason(id_number("340221", "18991231", 1)) == "the date of birth 1899-12-31 is before 1900"


def test_phones():
    assert parse_phone("138 1234 5678") == "13812345678"
    assert parse_phone("+86 13812345678") == "13812345678"
    assert parse_phone("0574-63012345") == "0574-63012345"
    with pytest.raises(RowError):
        parse_phone("12345")
