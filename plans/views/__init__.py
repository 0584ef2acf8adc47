"""Views of the plans app, one module per page family. Who may see and do what is decided
by council.access, as in every app; access.py adds the plan's own rule (who may change a
plan, and the plan page's buttons)."""
