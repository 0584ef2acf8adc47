"""Workflows that write several records of a plan at once, one module per workflow:
editing (a plan started, a section saved), review (submission, review, sign-off,
publication), roll_forward (next year's plan) and actions (progress, carrying forward)."""
