"""The demo atlas: synthetic files, loaded by seed_demo, firing every default signal."""

import pytest
from django.core.management import call_command

from atlas.models import Dataset, Signal, SignalRule
from core.timeutils import cycle_year_for, local_today

pytestmark = pytest.mark.django_db


def test_the_demo_files_load_and_every_default_rule_fires(demo):
    datasets = Dataset.objects.order_by("source")
    assert sorted(d.source for d in datasets) == ["CBS", "SBB", "UWV", "duo_enrolments"]
    assert all(d.synthetic for d in datasets)
    year = cycle_year_for(local_today())
    fired = set(Signal.objects.filter(year=year, state="open").values_list("rule__code", flat=True))
    assert fired == set(SignalRule.objects.values_list("code", flat=True))
    tgo = Signal.objects.filter(year=year, sectorkamer__abbreviation="TGO", state="open")
    assert tgo.filter(rule__code="few-students", weight__gte=6).exists()  # three years running


def test_seeding_again_changes_nothing(demo):
    before = (Dataset.objects.count(), Signal.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Dataset.objects.count(), Signal.objects.count()) == before
