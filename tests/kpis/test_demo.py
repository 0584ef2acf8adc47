"""The demo indicators load, and loading them twice duplicates nothing."""

from council.demo import load_council_demo
from kpis.demo import load_kpis_demo
from kpis.models import Indicator, Result, Target


def test_demo_indicators_load_once(db):
    council = load_council_demo()
    load_kpis_demo(council)
    counts = (Indicator.objects.count(), Target.objects.count(), Result.objects.count())
    load_kpis_demo(council)
    assert (Indicator.objects.count(), Target.objects.count(), Result.objects.count()) == counts
    cs01 = Indicator.objects.get(council=council, code="CS01")
    assert cs01.service.code == "customer-services"
    assert cs01.results.count() == 10
    assert all(r.commentary for r in cs01.results.all())
    new_pi = Indicator.objects.get(council=council, code="CS06")
    assert {t.display for t in new_pi.targets.all()} == {"New PI", "TBA"}
    assert Indicator.objects.filter(service__code="waste-recycling").count() == 2
