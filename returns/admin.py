"""Returns are opened and read on their own pages (returns/views.py), which keep each
council's to itself; nothing here is registered in the admin, shared by every council."""
