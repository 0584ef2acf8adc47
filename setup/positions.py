"""Moving a template's section or sign-off block up or down: the order new plans copy."""

from django.db import transaction
from django.db.models import QuerySet


@transaction.atomic
def position_move(*, items: QuerySet, pk: int, step: int) -> None:
    """Move the item `pk` of `items` by `step` places (-1 up, 1 down), numbering them all 1, 2,
    3 from then on: older templates may have every position 0, ordered by pk alone. Moving the
    first up or the last down leaves the order as it is."""
    ordered = list(items.select_for_update().order_by("position", "pk"))
    index = next(i for i, item in enumerate(ordered) if item.pk == pk)
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
