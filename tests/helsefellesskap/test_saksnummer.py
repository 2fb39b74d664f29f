import pytest
from django.core.exceptions import ValidationError

from helsefellesskap.saksnummer import Saksnummer, formater, parse, validate_format


@pytest.mark.parametrize(
    ("pattern", "aar", "nr", "expected"),
    [
        ("{aar}.{nr}", 2024, 2, "2024.2"),
        ("{nr}/{aa}", 2026, 14, "14/26"),
        ("{aar}/{nr:3}", 2025, 7, "2025/007"),
        ("{aa}-{nr:2}", 2009, 3, "09-03"),
    ],
)
def test_formats_and_reads_back_each_pattern(pattern, aar, nr, expected):
    assert formater(pattern, aar=aar, nr=nr) == expected
    assert parse(pattern, expected) == Saksnummer(aar=aar, nr=nr)


def test_number_of_another_format_is_not_read():
    assert parse("{aar}.{nr}", "14/26") is None
    assert parse("{nr}/{aa}", "2024.2") is None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{aar}", "{nr}"),
        ("{nr}", "årstallet"),
        ("{aar}.{aa}.{nr}", "årstallet"),
        ("{aar}{nr}", "skilletegn"),
        ("{aar}.{nr}<script>", "skilletegn"),
        ("{aar}.{nummer}", "{nr}"),
    ],
)
def test_unusable_pattern_gets_norwegian_message(pattern, message):
    with pytest.raises(ValidationError) as exc:
        validate_format(pattern)
    assert message in exc.value.messages[0]
