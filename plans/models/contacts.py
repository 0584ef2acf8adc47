"""Key contacts of the service."""

from django.db import models

from plans.models.base import PlanRecord


class KeyContact(PlanRecord):
    """Someone to contact about the service."""

    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self):
        return self.name
