"""Views of the plans app, one module per page family; access.py decides who may do what."""
