"""The GOV.UK error summary's links, shared by every app's forms."""

from django import forms

from council.error_summary import error_links, formset_error_links


class AreaForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    area = forms.CharField()
    level = forms.IntegerField()

    def clean(self):
        raise forms.ValidationError("The area and level do not go together")


def test_each_error_links_to_its_input_and_the_rest_to_the_first_shown_field():
    form = AreaForm({"row-level": "high"}, prefix="row")
    assert error_links(form) == [
        ("id_row-area", "This field is required."),  # the hidden token's: no input to go to
        ("id_row-area", "This field is required."),
        ("id_row-level", "Enter a whole number."),
        ("id_row-area", "The area and level do not go together"),
    ]


def test_a_fallback_and_a_prefix_name_where_an_error_goes():
    form = AreaForm({"row-area": "Finance", "row-level": "3"}, prefix="row")
    assert error_links(form, prefix="Area 1: ", fallback="level") == [
        ("id_row-level", "Area 1: This field is required."),
        ("id_row-level", "Area 1: The area and level do not go together"),
    ]


def test_each_row_of_a_formset_is_named_and_an_unbound_one_has_none():
    rows = forms.formset_factory(AreaForm, extra=0)
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
            "form-0-token": "a", "form-0-area": "", "form-0-level": "1",
            "form-1-token": "b", "form-1-area": "Parks", "form-1-level": "x"}  # fmt: skip
    links = formset_error_links(rows(data), "Level")
    assert ("id_form-0-area", "Level 1: This field is required.") in links
    assert ("id_form-1-level", "Level 2: Enter a whole number.") in links
    assert all(message.startswith(("Level 1: ", "Level 2: ")) for _, message in links)
    assert formset_error_links(rows(), "Level") == []
