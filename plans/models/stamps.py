from django.db import models


class ChangeStamp(models.Model):
    """One change to what a plan, a service or the council set-up shows: a row is added in
    the transaction that makes the change. plans/stamps.py adds them and reads them."""

    scope = models.CharField(max_length=20)
    key = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "id"], name="change_stamp_lookup")]

    def __str__(self):
        return f"{self.scope} {self.key}: change {self.pk}"
