"""A plan's HTML kept until what it shows changes: pages.py (the plan page's body) and
parts.py (each section's tables), through council/page_cache.py."""
