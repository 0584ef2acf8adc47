"""What becomes of each picture of a Word plan in the import preview: the organisation chart,
a figure of a section, or left out; with its text alternative, needed when it is used
(plans/exchange/word/pictures.py)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms

from council.error_summary import error_links
from plans.exchange.word.pictures import FIGURE, LEAVE, ORG_CHART, PictureChoice
from plans.models import SectionKind


class WordPicturesForm(forms.Form):
    """One choice, section and text alternative per picture that can come in. A post without
    a picture's fields (from a page drawn before the picture was offered) leaves it out."""

    def __init__(self, *args, pictures, template_sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.pictures = [picture for picture in pictures if picture.usable]
        self.template_sections = list(template_sections)
        uses = []
        if any(section.kind == SectionKind.WORKFORCE for section in self.template_sections):
            uses.append((ORG_CHART, "Use as the organisation chart"))
        if self.template_sections:
            uses.append((FIGURE, "Print as a figure of the section chosen below"))
        uses.append((LEAVE, "Leave out"))
        sections = [
            (str(index), f"{section.number} {section.title}".strip())
            for index, section in enumerate(self.template_sections)
        ]
        for picture in self.pictures:
            number = picture.number
            self.fields[f"picture_{number}_use"] = forms.ChoiceField(
                label=f"What becomes of picture {number}",
                choices=uses,
                initial=picture.proposal,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Select what becomes of picture {number}"},
            )
            if sections:
                self.fields[f"picture_{number}_section"] = forms.ChoiceField(
                    label=f"Section to print picture {number} in, as its figure",
                    choices=sections,
                    initial=str(picture.section),
                    required=False,
                    error_messages={"invalid_choice": "Select a section from the list"},
                )
            self.fields[f"picture_{number}_alt_text"] = forms.CharField(
                label=f"Text alternative of picture {number}",
                help_text="Describe what the picture shows for people who cannot see it. "
                "Needed when the picture is used.",
                initial=picture.alt_text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL

    def clean(self):
        cleaned = super().clean()
        chart, figures = None, {}
        for picture in self.pictures:
            number = picture.number
            use = cleaned.get(f"picture_{number}_use") or LEAVE
            if use == LEAVE:
                continue
            if not cleaned.get(f"picture_{number}_alt_text", "").strip():
                self.add_error(
                    f"picture_{number}_alt_text",
                    f"Enter a text alternative that describes picture {number}",
                )
            if use == ORG_CHART:
                if chart is None:
                    chart = number
                else:
                    self.add_error(
                        f"picture_{number}_use",
                        f"Picture {chart} is already the organisation chart: choose something "
                        f"else for picture {number}",
                    )
            elif use == FIGURE:
                self._one_figure_a_section(number, figures)
        return cleaned

    def _one_figure_a_section(self, number: int, figures: dict) -> None:
        name = f"picture_{number}_section"
        if name in self.errors:
            return
        section = self.cleaned_data.get(name)
        if not section:
            self.add_error(name, f"Select the section to print picture {number} in")
        elif section in figures:
            title = dict(self.fields[name].choices)[section]
            self.add_error(
                name,
                f"Picture {figures[section]} is already the figure of “{title}”: choose "
                f"another section for picture {number}, or leave it out",
            )
        else:
            figures[section] = number

    def error_links(self) -> list[tuple[str, str]]:
        """The error summary's links (council/error_summary.py), a choice's to its first
        radio button: crispy-forms-gds numbers them from 1."""
        return [
            (f"{anchor}_1" if anchor.endswith("_use") else anchor, message)
            for anchor, message in error_links(self)
        ]

    def picture_fields(self, picture) -> list:
        """The picture's fields, for the preview; none for a picture that cannot come in."""
        names = [f"picture_{picture.number}_{name}" for name in ("use", "section", "alt_text")]
        return [self[name] for name in names if name in self.fields]

    def chosen(self) -> list[PictureChoice]:
        """Each picture that can come in, with what the person chose for it."""
        choices = []
        for picture in self.pictures:
            number = picture.number
            section = self.cleaned_data.get(f"picture_{number}_section")
            choices.append(
                PictureChoice(
                    picture,
                    self.cleaned_data.get(f"picture_{number}_use") or LEAVE,
                    self.template_sections[int(section)] if section else None,
                    self.cleaned_data.get(f"picture_{number}_alt_text", "").strip(),
                )
            )
        return choices
