"""The performance lead's set-up forms, one module per set-up task. Every form is given
the lead's council and offers only its records, whatever ids are posted."""
