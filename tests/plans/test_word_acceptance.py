"""Each seed Word plan brought in through the pages (upload, preview, confirm), its PDF
scored against the seed's acceptance checklist (tests/acceptance/score.py): the score per
plan is printed and pinned as a floor: every item of each. Spelthorne's growth bids table (14
columns) comes in as text; its section is printed landscape so its last columns fit."""

import re

import pytest

from plans.models import Plan
from tests.acceptance import scoring
from tests.plans.test_word_import_views import PREVIEW, upload, word_file

pytestmark = pytest.mark.django_db

# Each seed: its years, and the items of its checklist found in the PDF (at least).
FLOORS = {
    "east-cambs-customer-services-2015-16": (2015, 2015, 332),  # every item
    "spelthorne-customer-services-2024-25": (2024, 2024, 88),  # every item
    "three-rivers-customer-services-2021-24": (2020, 2023, 101),  # every item
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_seed_word_plan_brought_in_prints_what_the_council_wrote(
    client_for,
    world,
    every_kind,
    name,
):
    first, last, floor = FLOORS[name]
    client = client_for(world.lead)
    assert upload(client, world.service, word_file(name), first, last).url == PREVIEW
    form = client.get(PREVIEW).context["form"]
    response = client.post(PREVIEW, {n: f.initial for n, f in form.fields.items()})
    plan = Plan.objects.get(service=world.service, first_year=first)
    assert response.url == plan.get_absolute_url()
    pdf_response = client.get(f"/plans/{plan.pk}/pdf/")
    assert pdf_response.status_code == 200
    pdf = (
        b"".join(pdf_response.streaming_content) if pdf_response.streaming else pdf_response.content
    )
    result = scoring.score_pdf(name, pdf)
    total = re.search(r"TOTAL fidelity: (\d+)/(\d+) items = ([\d.]+)%", result.report)
    print(f"\n{name}: {total.group(0)}; missing: {sorted(result.missing)}")
    assert int(total.group(1)) >= floor, result.report
