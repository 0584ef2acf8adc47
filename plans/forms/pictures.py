"""Uploading a picture a plan prints: the organisation chart, or a section's figure. Only
PNG and JPEG are taken, checked for what they really are and re-encoded as PNG
(plans/images.py)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from plans.forms.tables import govuk_wording
from plans.images import TOO_LARGE, PictureRefused, picture_png
from plans.models import OrgChart, SectionFigure


class PictureForm(forms.ModelForm):
    """Upload, replace or remove a picture with its text alternative. Subclasses say what it
    is (`what`, in messages) and what it belongs to (`owner_field`)."""

    what = "picture"
    owner_field = "plan"
    image = forms.FileField(
        required=False,
        help_text="A PNG or JPEG file, up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove = forms.BooleanField(required=False)

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        govuk_wording(self)
        self.fields["image"].label = f"{self.what.capitalize()} image"
        self.fields["remove"].label = f"Remove the {self.what}"
        self.fields["alt_text"].required = False
        self.fields["alt_text"].widget.attrs["rows"] = 4

    def has_changed(self):
        return super().has_changed() or bool(self.files)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        the = f"The {self.what}"
        if upload.size > settings.ORG_CHART_MAX_BYTES:
            limit = settings.ORG_CHART_MAX_BYTES // (1024 * 1024)
            raise ValidationError(f"{the} must be smaller than {limit} MB")
        try:
            clean = picture_png(upload)
        except PictureRefused as refused:
            if refused.problem == TOO_LARGE:
                raise ValidationError(f"{the} is too large: use a smaller image") from None
            raise ValidationError(f"{the} must be a PNG or JPEG image") from None
        return ContentFile(clean.png, name="picture.png")

    def clean(self):
        cleaned = super().clean()
        has_image = bool(cleaned.get("image")) or (self.instance.pk and not cleaned.get("remove"))
        if has_image and not cleaned.get("alt_text", "").strip():
            self.add_error("alt_text", f"Enter a text alternative that describes the {self.what}")
        return cleaned

    def save_picture(self):
        """Create, replace or remove the picture. Call inside a transaction.

        A replaced or removed file is deleted only once the transaction has committed: if
        anything fails (storing the new file on a full disk, say), the old one is kept."""
        picture = self.instance
        old_file = picture.image.name if picture.pk and picture.image else None
        if self.cleaned_data.get("remove"):
            if picture.pk:
                picture.delete()
                self._delete_after_commit(old_file)
            return
        image = self.cleaned_data.get("image")
        if image is None and not picture.pk:
            return
        setattr(picture, self.owner_field, self.owner)
        for name in self._meta.fields:
            setattr(picture, name, self.cleaned_data[name])
        if image is not None:
            picture.uploaded_at = timezone.now()
            picture.image.save("picture.png", image, save=False)
            picture.width, picture.height = picture.image.width, picture.image.height
            self._delete_after_commit(old_file)
        picture.save()

    def _delete_after_commit(self, name: str | None) -> None:
        if name:
            storage = self.instance.image.storage
            transaction.on_commit(lambda: storage.delete(name))

    def storage_failed(self, advice: str) -> None:
        """Show why the upload could not be stored (council/storage_errors.py)."""
        self.add_error("image", f"The {self.what} could not be stored: {advice}")


class OrgChartForm(PictureForm):
    """The service's organisation chart (a workforce section)."""

    what = "organisation chart"

    class Meta:
        model = OrgChart
        fields = ["alt_text"]


class SectionFigureForm(PictureForm):
    """The picture a section prints after its text, with its caption."""

    what = "picture"
    owner_field = "section"

    class Meta:
        model = SectionFigure
        fields = ["caption", "alt_text"]
