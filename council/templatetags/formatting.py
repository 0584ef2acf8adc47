"""Number formats used across the council's reports: money, FTE, tonnes, percentages."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _grouped(amount: Decimal) -> str:
    """1615700 -> '1,615,700'; 10400.5 -> '10,400.50' (pence only when there are some)."""
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


@register.filter
def money(value, symbol: str = "£") -> str:
    """£1,615,700; negatives in brackets without the sign, as finance reports show them: (43,490)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    if amount < 0:
        return f"({_grouped(-amount)})"
    return f"{symbol}{_grouped(amount)}"


@register.filter
def money_plain(value) -> str:
    """Money in a column already headed '£': 1,615,700 and (43,490)."""
    return money(value, symbol="")


@register.filter
def number(value) -> str:
    """A plain figure with thousands separators and no trailing zeros: 23.5, 1,200."""
    amount = _decimal(value)
    if amount is None:
        return ""
    text = f"{amount:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
