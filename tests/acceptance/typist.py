"""A typist at the app's forms, for entering a whole plan as its council's people would.

The typist opens a page, reads the form on it as a browser does (hidden fields, management
forms, what is already selected or typed), changes only the fields it is told to, and sends
the form. It can type only into fields the page shows; a formset's further rows are the one
exception, as the page's "add a row" does. A page that answers with errors fails the test
with the page's own error summary, so a gap in the app reads as what a person would see.

Choices are made by their visible words, `Choose("Customer Services")`, never by a database
id the person could not know."""

from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.etree
import lxml.html


@dataclass(frozen=True)
class Choose:
    """Pick options (of a select) or boxes (checkboxes or radios) by the words they show."""

    labels: tuple[str, ...]

    def __init__(self, *labels: str):
        object.__setattr__(self, "labels", labels)


def _text(element) -> str:
    return " ".join(element.text_content().split())


class FormTrouble(AssertionError):
    """What the page said when it did not accept the form."""


class Typist:
    def __init__(self, client):
        self.client = client

    def page(self, url: str):
        response = self.client.get(url)
        assert response.status_code == 200, f"GET {url} answered {response.status_code}"
        return lxml.html.fromstring(response.content.decode(), base_url=url)

    def submit(self, url: str, fields: dict | None = None, *, form: str = "", button: str = ""):
        """Fill in the form on the page at `url` and send it; returns the response, which
        must be a redirect (the app's answer to a form it accepted).

        `form` picks the form whose action contains it (else the page's only POST form with
        the fields); `button` is the name (or name=value) of the submit button pressed."""
        fields = fields or {}
        doc = self.page(url)
        element = self._form(doc, url, form, fields)
        values = self._values(element)
        for name, value in fields.items():
            self._fill(element, values, name, value)
        if button:
            name, _, value = button.partition("=")
            values[name] = [value or self._button_value(element, name)]
        action = urljoin(url, element.get("action") or url)
        response = self.client.post(action, self._post_data(values))
        if response.status_code != 302:
            raise FormTrouble(
                f"POST {action} answered {response.status_code}: {self._errors(response)}"
            )
        return response

    # --- reading the form ------------------------------------------------------------------

    def _form(self, doc, url, form, fields):
        forms = [f for f in doc.forms if (f.get("method") or "get").lower() == "post"]
        if form:
            forms = [f for f in forms if form in (f.get("action") or "") or f.get("id") == form]
        names = {name for name in fields if not self._extra_row(name)}
        # A formset's rows belong to the form that has the formset (not, say, a sign-out form).
        names |= {f"{n.rsplit('-', 2)[0]}-TOTAL_FORMS" for n in fields if self._extra_row(n)}
        wanted = [f for f in forms if names <= self._names(f)]
        assert wanted, (
            f"no form on {url} has the fields {sorted(names - set().union(*map(self._names, forms)))}"
        )
        return wanted[0]

    @staticmethod
    def _names(form) -> set[str]:
        return {e.get("name") for e in form.iter("input", "select", "textarea") if e.get("name")}

    @staticmethod
    def _values(form) -> dict[str, list]:
        values: dict[str, list] = {}
        for element in form.iter("input", "select", "textarea"):
            name = element.get("name")
            if not name or element.get("disabled") is not None:
                continue
            kind = (element.get("type") or "text").lower()
            if element.tag == "input" and kind in ("submit", "button", "reset", "image", "file"):
                continue
            if kind in ("checkbox", "radio") and element.tag == "input":
                if element.get("checked") is not None:
                    values.setdefault(name, []).append(element.get("value", "on"))
                continue
            if element.tag == "select":
                options = element.findall(".//option")
                chosen = [
                    o.get("value", o.text or "") for o in options if o.get("selected") is not None
                ]
                if not chosen and options and element.get("multiple") is None:
                    chosen = [options[0].get("value", options[0].text or "")]
                values.setdefault(name, []).extend(chosen)
                continue
            if element.tag == "textarea":
                values.setdefault(name, []).append(element.text or "")
                continue
            values.setdefault(name, []).append(element.get("value", ""))
        return values

    # --- filling it in ---------------------------------------------------------------------

    @staticmethod
    def _extra_row(name: str) -> bool:
        parts = name.split("-")
        return len(parts) >= 3 and parts[-2].isdigit()

    def _fill(self, form, values, name, value):
        elements = [e for e in form.iter("input", "select", "textarea") if e.get("name") == name]
        if not elements:
            assert self._extra_row(name), f"the form has no field {name!r}"
            prefix, index = name.rsplit("-", 2)[0], int(name.rsplit("-", 2)[1])
            total = f"{prefix}-TOTAL_FORMS"
            assert total in values, f"the form has no field {name!r} and no formset {prefix!r}"
            values[total] = [str(max(int(values[total][0]), index + 1))]
            # The page's "add a row" copies its empty row (Django's `__prefix__` template):
            # its choices are the new row's.
            template = f"{prefix}-__prefix__-{name.rsplit('-', 1)[1]}"
            elements = [
                e for e in form.iter("input", "select", "textarea") if e.get("name") == template
            ]
        if value is None or value is False:
            values.pop(name, None)
        elif value is True:
            values[name] = [elements[0].get("value", "on")]
        elif isinstance(value, Choose):
            values[name] = [self._choice(elements, name, label) for label in value.labels]
        elif isinstance(value, list | tuple):
            values[name] = [str(v) for v in value]
        elif hasattr(value, "read"):
            values[name] = [value]
        else:
            values[name] = [str(value)]

    @staticmethod
    def _choice(elements, name, label):
        wanted = " ".join(label.split())
        for element in elements:
            if element.tag == "select":
                for option in element.findall(".//option"):
                    if _text(option) == wanted:
                        return option.get("value", option.text or "")
            else:
                labels = (
                    element.getroottree().getroot().xpath(f'//label[@for="{element.get("id")}"]')
                )
                if labels and _text(labels[0]) == wanted:
                    return element.get("value", "on")
        raise AssertionError(f"{name!r} has no choice {label!r}")

    @staticmethod
    def _button_value(form, name):
        for element in form.iter("button", "input"):
            if element.get("name") == name:
                return element.get("value", "")
        raise AssertionError(f"the form has no button {name!r}")

    @staticmethod
    def _post_data(values):
        return {name: (v if len(v) != 1 else v[0]) for name, v in values.items()}

    @staticmethod
    def _errors(response) -> str:
        try:
            doc = lxml.html.fromstring(response.content.decode())
        except (ValueError, lxml.etree.ParserError):
            return response.content[:500].decode(errors="replace")
        found = [
            element
            for name in ("govuk-error-summary", "govuk-error-message", "errornote", "errorlist")
            for element in doc.find_class(name)
        ]
        return " | ".join(_text(e) for e in found) or _text(doc)[:500]
