"""Rows of a table whose columns the council names itself: the tables of its plans that no
other kind holds (document control, a provisional budget matrix, an appetite grid)."""

from django.db import models

from plans.models.base import PlanRecord
from plans.models.plan import Section

# How many columns such a table can have; the template names and shows those it uses.
TABLE_CELLS = 10


def cell_name(index: int) -> str:
    return f"cell_{index}"


class TableRow(PlanRecord):
    """One row of a section's own table: a text per column, printed as typed."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="table_rows")
    cell_1 = models.TextField("column 1", blank=True)
    cell_2 = models.TextField("column 2", blank=True)
    cell_3 = models.TextField("column 3", blank=True)
    cell_4 = models.TextField("column 4", blank=True)
    cell_5 = models.TextField("column 5", blank=True)
    cell_6 = models.TextField("column 6", blank=True)
    cell_7 = models.TextField("column 7", blank=True)
    cell_8 = models.TextField("column 8", blank=True)
    cell_9 = models.TextField("column 9", blank=True)
    cell_10 = models.TextField("column 10", blank=True)

    def __str__(self):
        return self.cell_1[:60] or f"Row {self.position}"

    def cells(self, keys: list[str]) -> list[str]:
        return [getattr(self, key) for key in keys]
