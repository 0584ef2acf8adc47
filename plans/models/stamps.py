import secrets

from django.db import models

# A stamp's random part: 48 bits, so that the sum over a scope's rows fits a 64-bit integer
# (SQLite's SUM fails on overflow) with thousands of rows to spare.
NONCE_BITS = 48


def new_nonce() -> int:
    return secrets.randbits(NONCE_BITS)


class ChangeStamp(models.Model):
    """One change to what a plan, a service or the council set-up shows: a row is added in
    the transaction that makes the change. plans/stamps.py adds them and reads them.

    The nonce is random, so that a row numbered again after a backup is restored (the
    sequence goes back with the rows) still makes a token never seen before."""

    scope = models.CharField(max_length=20)
    key = models.PositiveBigIntegerField()
    nonce = models.BigIntegerField(default=new_nonce, editable=False)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "id"], name="change_stamp_lookup")]

    def __str__(self):
        return f"{self.scope} {self.key}: change {self.pk}"
