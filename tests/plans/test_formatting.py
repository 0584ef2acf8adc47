"""Money and figures are shown as finance reports show them."""

from decimal import Decimal

import pytest

from council.templatetags.formatting import money, money_plain, number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1615700"), "£1,615,700"),
        (Decimal("1615700.00"), "£1,615,700"),
        (Decimal("10400.5"), "£10,400.50"),
        (Decimal("-43490"), "(43,490)"),
        (Decimal("0"), "£0"),
        (None, ""),
        ("", ""),
        ("not a number", ""),
    ],
)
def test_money(value, expected):
    assert money(value) == expected


def test_money_plain_has_no_symbol():
    assert money_plain(Decimal("311500")) == "311,500"
    assert money_plain(Decimal("-101000")) == "(101,000)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("23.50"), "23.5"), (Decimal("1200"), "1,200"), (Decimal("0.25"), "0.25"), (None, "")],
)
def test_number(value, expected):
    assert number(value) == expected
