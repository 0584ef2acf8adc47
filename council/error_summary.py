"""
The GOV.UK error summary's links: one (field id, message) pair per error, in page order,
each linking to the input it is about, for every form of every app (the template is
templates/includes/error_summary.html).
"""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names where the form has one, else
    on the whole form (the summary then links it to the form's first field)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_links(form, prefix: str = "", fallback: str | None = None) -> list[tuple[str, str]]:
    """A form's errors. An error on a shown field links to it; an error on the whole form, or
    on a hidden field, links to the `fallback` field, else to the form's first shown one.
    `prefix` names the row in a list of forms ("Budget line 2: ")."""
    shown = [name for name in form.fields if not form[name].is_hidden]
    default = fallback or (shown[0] if shown else None)
    links = []
    for name, errors in form.errors.items():
        target = name if name in shown else default
        anchor = form[target].auto_id if target else ""
        links += [(anchor, f"{prefix}{error}") for error in errors]
    return links


def formset_error_links(formset, row_title: str, fallback: str | None = None) -> list:
    """Each row's errors, named by the row ("Level 3: Enter a name"). Errors of the formset
    as a whole are the caller's to place: they have no row."""
    if not formset.is_bound:
        return []
    links = []
    for number, form in enumerate(formset.forms, start=1):
        links += error_links(form, prefix=f"{row_title} {number}: ", fallback=fallback)
    return links


def summary_context(links: list[tuple[str, str]]) -> dict:
    """What templates/includes/error_summary.html (and "Error: " in the title) read."""
    return {"has_errors": bool(links), "error_links": links}
