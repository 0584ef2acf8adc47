"""Acceptance: each seed plan in `checklists/` is entered through the app's own forms, as a
new council's people would, and its committee PDF is scored item by item with `score.py`
(both copied from the workplace's acceptance kit; extend a checklist where it misses an item,
never weaken a find string)."""
