"""A DataError stays one line and shows at most a short excerpt of any value taken from a file."""

import unicodedata

import pytest

from inquiry_analysis.errors import EXCERPT, DataError, excerpt, excerpts


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("month\x00referrals", "month\\x00referrals"),
        ("a\nb\r\nc\td", "a\\nb\\r\\nc\\td"),
        ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # a terminal's title-setting escape
        ("abc\u202edcba", "abc\\u202edcba"),  # a right-to-left override
        ("A1\xa0", "A1\\xa0"),  # a trailing no-break space
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("line\u2028sep", "line\\u2028sep"),
        (b"caf\xe9".decode("utf-8", "surrogateescape"), "caf\\xe9"),  # a byte that was not UTF-8
        ("Référence 中文 ok", "Référence 中文 ok"),  # letters of any script, and the plain space, stay
    ],
)
def test_control_and_invisible_characters_are_escaped_and_text_is_kept(value, shown):
    assert excerpt(value) == shown


def test_exactly_the_invisible_characters_and_line_breaks_are_escaped():
    # Against the Unicode categories themselves ("Other" and "Separator" but the space), over the whole BMP.
    for code in range(0x10000):
        char = chr(code)
        category = unicodedata.category(char)
        hidden = category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (category == "Zs" and char != " ")
        assert (excerpt(char) != char) == hidden, hex(code)


def test_a_long_value_is_cut_and_its_length_given():
    value = "x" * 100_000 + "SECRET"
    assert excerpt(value) == "x" * EXCERPT + "... (100,006 characters)"
    assert excerpt("y" * EXCERPT) == "y" * EXCERPT
    assert excerpt(value, None) == value


def test_lists_show_the_first_few_values_each_cut():
    assert excerpts(["month", "a" * 50, "b\n"]) == "month, " + "a" * 40 + "... (50 characters), b\\n"
    assert excerpts(f"c{i}" for i in range(1000)) == "c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 990 more"
    assert excerpts([]) == ""
    # At most twice an excerpt's length of a file's content in one listing, however many values.
    assert (
        excerpts(["z" * 100] * 50)
        == "z" * 40 + "... (100 characters), " + "z" * 40 + "... (100 characters) and 48 more"
    )


def test_a_data_error_naming_a_column_from_the_file_is_one_short_line():
    err = DataError("unknown column", path="log.csv", sheet="S\nheet", row=1, column="c\x00" + "z" * 1000)
    assert (
        str(err)
        == "log.csv, sheet 'S\\nheet', row 1, column 'c\\x00" + "z" * 38 + "... (1,002 characters)': unknown column"
    )
    assert err.column == "c\x00" + "z" * 1000  # the attribute keeps the name as it is
