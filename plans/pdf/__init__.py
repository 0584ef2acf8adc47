"""Plans as committee-ready PDFs: fetcher.py (the one URL fetcher, our own static files only),
render.py (HTML to a tagged PDF through WeasyPrint), plan.py (a plan's print template and
render) and store.py (plan PDFs kept under the plan's change tokens, made ahead by the
worker)."""
