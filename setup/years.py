"""The council's financial years: which one is current, and what uses a year (so that a
year in use is never deleted from under the plans, results and returns that name it).

Plans, targets, results and returns name a year by its start year, not by a foreign key,
so the database cannot protect a year in use: `year_delete` does."""

from django.core.exceptions import ValidationError
from django.db import transaction

from council.models import FinancialYear
from kpis.models import Result, Target
from plans.models import Plan
from returns.models import Return
from setup.words import counted, in_words


def year_uses(year: FinancialYear) -> list[str]:
    """What of the council uses the year, in words ('2 plans', '14 results'); empty when
    nothing does. Four counts, whatever the size of the council."""
    council_id, start = year.council_id, year.start_year
    counts = [
        (
            Plan.objects.filter(
                service__directorate__council_id=council_id,
                first_year__lte=start,
                last_year__gte=start,
            ).count(),
            "plan",
            "plans",
        ),
        (
            Target.objects.filter(indicator__council_id=council_id, year=start).count(),
            "target",
            "targets",
        ),
        (
            Result.objects.filter(indicator__council_id=council_id, year=start).count(),
            "result",
            "results",
        ),
        (Return.objects.filter(council_id=council_id, year=start).count(), "return", "returns"),
    ]
    return [counted(number, one, many) for number, one, many in counts if number]


@transaction.atomic
def year_make_current(*, year: FinancialYear) -> None:
    """Make this year the council's current one, and no other: the old current year is
    unmarked first, in the same transaction (the database allows one current year a
    council), with the council's years locked so that two leads at once cannot both win."""
    years = list(FinancialYear.objects.select_for_update().filter(council_id=year.council_id))
    for other in years:
        if other.is_current and other.pk != year.pk:
            other.is_current = False
            other.save(update_fields=["is_current"])
    year.is_current = True
    year.save(update_fields=["is_current"])


@transaction.atomic
def year_delete(*, year: FinancialYear) -> None:
    """Delete a year nobody uses yet (one added by mistake); refuse the current year and a
    year that plans, targets, results or returns use, saying which."""
    if year.is_current:
        raise ValidationError(
            f"You cannot delete {year}: it is the current year. Make another year current first."
        )
    uses = year_uses(year)
    if uses:
        raise ValidationError(f"You cannot delete {year}: it is used by {in_words(uses)}.")
    year.delete()
