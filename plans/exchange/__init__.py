"""A whole plan as a JSON file: see plan_file.py and docs/plan-export-format.md."""
