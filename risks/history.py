"""
A risk register as it stood on a day, from the risks' history (django-simple-history).

A quarter's committee pack prints each risk's scores and rating as they were at the end of
its quarter, not as re-scored since; a risk added after that day is not in it, nor one
closed or deleted before it.
"""

import datetime as dt

from django.utils import timezone

from risks.models import Risk, RiskMatrix


def risks_as_at(services, day: dt.date) -> list[Risk]:
    """The open risks of these services as they stood at the end of `day`, ready for
    print (each with its matrix, levels, bands and cells, and its service), in the
    register's order.

    One query of the history whatever the number of risks, then the few matrices they were
    scored against. A risk with no history at all (loaded in bulk, which records none) is
    taken as it is now if it was last changed by that day: nothing older is known of it."""
    services = {service.pk: service for service in services}
    end = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    # Each risk's last record by the end of the day (of two records of one moment, the
    # later), kept when it left the risk open and not deleted.
    records = {}
    latest = Risk.history.filter(history_date__lte=end).latest_of_each()
    for record in latest.filter(service_id__in=services):
        if record.id not in records or record.history_id > records[record.id].history_id:
            records[record.id] = record
    risks = [
        record.instance
        for record in records.values()
        if record.history_type != "-" and record.status == Risk.Status.OPEN
    ]
    untracked = Risk.objects.filter(
        service_id__in=services, status=Risk.Status.OPEN, updated_at__lte=end
    ).exclude(pk__in=Risk.history.values("id"))
    risks += list(untracked)
    matrices = RiskMatrix.objects.filter(pk__in={risk.matrix_id for risk in risks})
    matrices = {
        matrix.pk: matrix for matrix in matrices.prefetch_related("levels", "bands", "cells")
    }
    for risk in risks:
        risk.matrix = matrices[risk.matrix_id]
        risk.service = services[risk.service_id]
    risks.sort(key=lambda risk: (risk.service.name, risk.reference))
    return risks
