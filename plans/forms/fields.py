"""Form fields for figures typed the way finance officers write them."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

MAX_AMOUNT = Decimal("999999999999.99")


class FigureField(forms.DecimalField):
    """A number that may be typed as '£1,615,700', '(43,490)' or '23.5'.

    Brackets mean a negative figure, as in finance reports. `allow_negative=False` refuses
    negatives with a message that names the field.
    """

    def __init__(self, *, what: str, example: str, allow_negative: bool = True, **kwargs):
        self.what = what
        self.example = example
        self.allow_negative = allow_negative
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update(
            {"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
        )
        self.error_messages["invalid"] = f"{what} must be a number, like {example}"
        self.error_messages["required"] = f"Enter {what.lower()}"

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(",", "").replace("£", "").replace(" ", "")
            negative = text.startswith("(") and text.endswith(")")
            if negative:
                text = text[1:-1]
            if text in {"", "-"}:
                return None
            if not re.fullmatch(r"-?\d+(\.\d+)?", text):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            value = -number if negative else number
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
