"""Which fields a change in the audit log changed: each changed row of the history is read
with the version before it and the two compared, field by field.

The rows of one historical table are read together, in two queries (the rows, with the id of
the version before each as a subquery; then those versions), so a page or a chunk of the
export costs two queries for each kind of record changed on it, however many rows it has.
Values are not shown: a field's name says what changed, and some values (a password's hash,
a section's whole text) are not for a log.
"""

from django.db.models import OuterRef, Subquery

# Kept by the app itself on every save: their change says nothing a person did.
NOT_SHOWN = {"version", "updated_at", "modified_at"}


def changed_fields(model, history_ids: list[int]) -> dict[int, list[str]]:
    """The names of the fields each historical row of `model` changed from the version
    before it, by history id; a row with no version before it is left out."""
    history = model.history.model
    before = history.objects.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    rows = list(
        history.objects.filter(history_id__in=history_ids).annotate(
            before_id=Subquery(before.values("history_id")[:1])
        )
    )
    earlier = history.objects.in_bulk([row.before_id for row in rows if row.before_id])
    fields = _compared(model, history)
    return {
        row.history_id: [
            label for name, label in fields if getattr(row, name) != getattr(old, name)
        ]
        for row in rows
        if (old := earlier.get(row.before_id)) is not None
    }


def _compared(model, history) -> list[tuple[str, str]]:
    """The model's fields the history keeps, as (attribute, words) pairs."""
    kept = {field.attname for field in history._meta.concrete_fields}
    return [
        (field.attname, str(field.verbose_name))
        for field in model._meta.concrete_fields
        if field.attname in kept and not field.primary_key and field.name not in NOT_SHOWN
    ]
