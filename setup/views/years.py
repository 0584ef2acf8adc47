"""The council's financial years: list, add, make one current, delete one added by mistake."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import CreateView

from council.access import lead_council
from council.models import FinancialYear
from setup.forms.years import FinancialYearForm
from setup.views.pages import LeadFormPage, setup_crumbs
from setup.years import year_delete, year_make_current


@require_safe
def year_list(request):
    """The council's years, which one is current, and buttons to change that."""
    council = lead_council(request.user)
    return render(
        request,
        "setup/financialyear_list.html",
        {
            "years": FinancialYear.objects.filter(council=council),
            "breadcrumbs": setup_crumbs(("Financial years", "")),
        },
    )


class YearCreateView(LeadFormPage, CreateView):
    form_class = FinancialYearForm
    success_message = "{} has been added."

    def get_success_url(self):
        return reverse("setup:year_list")

    def get_context_data(self, **kwargs):
        crumbs = setup_crumbs(("Financial years", reverse("setup:year_list")), ("Add a year", ""))
        return super().get_context_data(
            heading="Add a financial year", breadcrumbs=crumbs, **kwargs
        )


@require_POST
def year_make_current_view(request, pk):
    """Make one year the current one: dashboards, returns and new plans start from it."""
    council = lead_council(request.user)
    year = get_object_or_404(FinancialYear, council=council, pk=pk)
    year_make_current(year=year)
    messages.success(request, f"{year} is now the current year.")
    return redirect("setup:year_list")


@require_POST
def year_delete_view(request, pk):
    """Delete a year nothing uses yet; say what uses it otherwise."""
    council = lead_council(request.user)
    year = get_object_or_404(FinancialYear, council=council, pk=pk)
    try:
        year_delete(year=year)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{year} has been deleted.")
    return redirect("setup:year_list")
