"""Form fields for figures typed the way finance officers write them."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from council.templatetags.formatting import money_plain, number
from kpis.forms import FigureTextField

MAX_AMOUNT = Decimal("999999999999.99")
MAX_TONNES = Decimal("99999999.99")  # what plans.models.CarbonSaving.tonnes holds


class FigureField(forms.DecimalField):
    """A number that may be typed as '£1,615,700', '(43,490)', '-1,200' or '23.5'.

    Brackets mean a negative figure, as in finance reports. Commas must group thousands
    (1,615,700): '1,5' may mean 1.5 and '1,61,5700' a slipped digit, so both are refused
    rather than read as 15 and 1615700. `allow_negative=False` refuses negatives with a
    message that names the field.

    A stored figure is shown as the reports show it: money as 1,615,700, 83,500.50 and
    (1,200); other figures (FTE, tonnes) as 23.5 and 1,200.
    """

    def __init__(
        self, *, what: str, example: str, allow_negative: bool = True, money: bool = False, **kwargs
    ):
        self.what = what
        self.example = example
        self.allow_negative = allow_negative
        self.money = money
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update(
            {"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
        )
        kind = "a number of pounds" if money else "a number"
        self.error_messages["invalid"] = f"{what} must be {kind}, like {example}"
        self.error_messages["required"] = f"Enter {what.lower()}"

    def prepare_value(self, value):
        # What was typed (a string) is shown back as typed; a stored figure is formatted.
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return money_plain(value) if self.money else number(value)
        return value

    def to_python(self, value):
        if isinstance(value, str):
            # Spaces between digits group thousands like commas ('1 615 700'); others go.
            text = re.sub(r"(?<=\d)\s+(?=\d)", ",", value.strip())
            text = re.sub(r"\s+", "", text)
            if text in {"", "-"}:  # a dash is how the reports write 'no figure'
                return None
            text = text.replace("£", "")
            negative = text.startswith("(") and text.endswith(")")
            if negative:
                text = text[1:-1]
                if text.startswith("-"):  # '(-1,200)': which sign was meant?
                    raise ValidationError(self.error_messages["invalid"], code="invalid")
            if not re.fullmatch(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", text):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            try:
                amount = Decimal(text.replace(",", ""))
            except InvalidOperation:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            value = -amount if negative else amount
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if abs(value) > MAX_AMOUNT:
            raise ValidationError(f"{self.what} must be less than 1 trillion", code="max_value")
        if not self.allow_negative and value < 0:
            raise ValidationError(f"{self.what} cannot be negative", code="min_value")

    def run_validators(self, value):
        # Digits are checked by validate(); Django's own messages do not say which field.
        if value is not None and value.as_tuple().exponent < -self.decimal_places:
            raise ValidationError(
                f"{self.what} can have at most {self.decimal_places} decimal places",
                code="max_decimal_places",
            )


class TonnesField(FigureTextField):
    """Tonnes of CO2e as the council prints them: '12.5', '12.5 t', 'TBC', 'n/a', 'Not known'.

    Cleans to the text as typed with its number when it is one figure (kpis.figures), as
    indicator targets are typed; a number is never negative."""

    def validate(self, value):
        super().validate(value)
        if value is None or value.value is None:
            return
        if value.value < 0:
            raise ValidationError(f"{self.what} cannot be negative", code="min_value")
        if value.value > MAX_TONNES:
            raise ValidationError(f"{self.what} must be less than 100 million", code="max_value")
