"""The heat map's content: band in words, score, count and references per cell; appetite."""

import datetime as dt

from django.template.loader import render_to_string

from risks.heatmap import register_summary
from risks.models import Risk, ServiceAppetite
from risks.services import BandData, LevelData, appetite_scale, matrix_save
from tests import factories


def cell(grid, likelihood, impact):
    row = next(r for r in grid.rows if r.value == likelihood)
    return next(c for c in row.cells if c.impact == impact)


def load(world):
    return (
        list(Risk.objects.filter(service=world.service).for_display()),
        list(ServiceAppetite.objects.filter(service=world.service).select_related("level")),
    )


def test_cells_hold_counts_references_and_bands(world):
    for ref, (il, ii, rl, ri) in {
        "CS01": (3, 3, 2, 2),
        "CS02": (3, 3, 2, 2),
        "CS03": (4, 4, 3, 3),
    }.items():
        factories.RiskFactory(
            service=world.service,
            reference=ref,
            inherent_likelihood=il,
            inherent_impact=ii,
            residual_likelihood=rl,
            residual_impact=ri,
        )
    risks, appetites = load(world)
    (heat_map,) = register_summary(risks=risks, appetites=appetites).heat_maps
    inherent, residual = heat_map.inherent, heat_map.residual
    assert [row.value for row in inherent.rows] == [4, 3, 2, 1]  # highest likelihood first
    assert cell(inherent, 3, 3).references == ["CS01", "CS02"]
    assert (cell(inherent, 3, 3).band.name, cell(inherent, 3, 3).score) == ("High", 9)
    assert cell(inherent, 4, 4).references == ["CS03"]
    assert cell(inherent, 4, 4).band.name == "Very high"
    assert cell(residual, 2, 2).count == 2
    assert cell(residual, 2, 2).band.name == "Low"
    assert cell(residual, 3, 3).references == ["CS03"]
    assert cell(residual, 1, 1).count == 0
    assert (inherent.risk_count, residual.risk_count) == (3, 3)


def test_closed_risks_are_left_out(world):
    factories.RiskFactory(service=world.service, reference="CS09", status=Risk.Status.CLOSED)
    risks, appetites = load(world)
    summary = register_summary(risks=risks, appetites=appetites)
    assert summary.risks == []
    assert summary.heat_maps == []


def test_appetite_line_and_risks_above_it(world):
    cautious = appetite_scale(world.council)[1]  # tolerates residual scores up to 6
    factories.ServiceAppetiteFactory(
        service=world.service, area="Service provision", level=cautious
    )
    factories.ServiceAppetiteFactory(
        service=world.service, area="Digital", level=appetite_scale(world.council)[2]
    )
    factories.RiskFactory(
        service=world.service, reference="CS01", residual_likelihood=3, residual_impact=3
    )
    factories.RiskFactory(
        service=world.service, reference="CS02", residual_likelihood=2, residual_impact=3
    )
    factories.RiskFactory(
        service=world.service, reference="CS03", residual_likelihood=4, residual_impact=2
    )
    risks, appetites = load(world)
    summary = register_summary(risks=risks, appetites=appetites)
    assert summary.appetite.area == "Service provision"  # the most cautious one governs
    assert summary.tolerance == 6
    assert [r.reference for r in summary.above_appetite] == ["CS01", "CS03"]
    residual = summary.heat_maps[0].residual
    assert cell(residual, 3, 3).above_appetite
    assert not cell(residual, 2, 3).above_appetite
    # The line runs under 'likely × critical' (9) because 'unlikely × critical' (6) is within.
    assert cell(residual, 3, 3).line_bottom
    # ... and left of 'unlikely × catastrophic' (8) because 'unlikely × critical' (6) is within.
    assert cell(residual, 2, 4).line_left
    assert not cell(residual, 4, 4).line_left and not cell(residual, 4, 4).line_bottom


def test_risks_on_two_matrix_versions_get_a_map_each(world):
    factories.RiskFactory(service=world.service, reference="OLD")
    matrix_save(
        council=world.council,
        size=5,
        likelihood=[LevelData(f"L{n}") for n in range(1, 6)],
        impact=[LevelData(f"I{n}") for n in range(1, 6)],
        bands=[BandData("Low", "green", 1, 10), BandData("High", "red", 11, 25)],
        cells={},
        user=None,
    )
    factories.RiskFactory(service=world.service, reference="NEW", residual_likelihood=5)
    risks, appetites = load(world)
    maps = register_summary(risks=risks, appetites=appetites).heat_maps
    assert [(m.matrix.version, m.matrix.size) for m in maps] == [(2, 5), (1, 4)]
    assert cell(maps[0].residual, 5, 2).references == ["NEW"]
    assert cell(maps[1].residual, 2, 2).references == ["OLD"]


def test_the_heat_map_include_writes_bands_in_words(world):
    factories.ServiceAppetiteFactory(service=world.service)
    factories.RiskFactory(
        service=world.service, reference="CS01", residual_likelihood=3, residual_impact=4
    )
    risks, appetites = load(world)
    summary = register_summary(risks=risks, appetites=appetites, today=dt.date(2027, 1, 1))
    html = render_to_string("risks/includes/heat_map.html", {"heat_map": summary.heat_maps[0]})
    assert "Inherent risk (before controls): 1 risk" in html
    assert '<span class="app-heat-map__band">Very high</span>' in html
    assert '<span class="app-heat-map__score">12</span>' in html
    assert "<strong>1 risk</strong>: CS01" in html
    assert "(above appetite)" in html
    assert "tolerance line of a cautious risk appetite (residual scores up to 6)" in html
    assert "<script" not in html
