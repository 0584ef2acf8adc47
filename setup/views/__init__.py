"""
The performance lead's set-up pages (/setup/), one module per set-up task.

Only the council's performance lead may use them (403 for anyone else, council.access.
lead_council); every record is looked up in the lead's council, so another council's is 404.
"""
