"""`make bench`: figures for the plan page, the dashboard and the server under load."""
