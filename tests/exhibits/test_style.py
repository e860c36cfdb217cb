"""The house style: text is text (no mathtext, no TeX), and what no reader could see is drawn escaped."""

import matplotlib.pyplot as plt
import pytest

from inquiry_analysis.exhibits.style import drawn_text, house_style


def test_the_style_turns_mathtext_and_tex_off_whatever_the_callers_settings():
    with plt.rc_context({"text.parse_math": True, "text.usetex": True}):
        with house_style():
            assert plt.rcParams["text.parse_math"] is False and plt.rcParams["text.usetex"] is False
            text = plt.figure().text(0, 0, "Fee $5 and $10")
        assert plt.rcParams["text.usetex"] is True  # the caller's settings are back after the block
    assert text.get_parse_math() is False and text.get_usetex() is False
    plt.close("all")


CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) != "\n"]
BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


def test_a_character_no_reader_could_see_is_drawn_as_python_escapes_it():
    # Python's own codec is the independent route: "\x1b" -> "\\x1b", "\t" -> "\\t", "\u202e" -> "\\u202e".
    for char in CONTROLS + BIDI + ["\ufffe", "\uffff"]:
        assert drawn_text(f"a{char}b") == "a" + char.encode("unicode_escape").decode("ascii") + "b", repr(char)


@pytest.mark.parametrize(
    "text",
    [
        "Fee $5 and $10",
        r"$\x$ \frac{a}{b} _sub^sup %",
        "_hidden",
        "two\nlines",
        "no\u00a0break and zero\u200bwidth",
        "👩\u200d💻 joined emoji",
        "شرطة \u200fwith a right-to-left mark",
        "警察 — Côté",
    ],
)
def test_text_a_reader_can_see_is_drawn_as_written(text):
    assert drawn_text(text) == text
