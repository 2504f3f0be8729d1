import datetime

from django.utils import timezone
from django_fsm_log.models import StateLog

from agendas.models import AgendaRevision
from core.timeutils import clock_at, cycle_year_for, local_today


def test_clock_at_sets_every_clock_the_product_reads_and_restores_it(db):
    moment = datetime.datetime(2024, 1, 27, 10, 0, tzinfo=datetime.UTC)
    field = StateLog._meta.get_field("timestamp")
    with clock_at(moment):
        assert timezone.now() == moment
        assert local_today() == datetime.date(2024, 1, 27)
        assert field.get_default() == moment
    assert timezone.now() > moment + datetime.timedelta(days=300)
    assert field.get_default() > moment + datetime.timedelta(days=300)


def test_the_demo_records_last_cycle_at_its_real_moments(demo):
    """Without the backdating the demo's ratification of last cycle would be dated today."""
    last = cycle_year_for(local_today()) - 1
    revision = AgendaRevision.objects.get(agenda__sectorkamer__abbreviation="TGO", year=last)
    logs = StateLog.objects.filter(
        content_type__model="agendarevision", object_id=revision.pk
    ).order_by("timestamp")
    ams = datetime.timezone(datetime.timedelta(hours=1))
    assert [(log.transition, log.timestamp) for log in logs] == [
        ("submit", datetime.datetime(last, 1, 9, 14, 0, tzinfo=ams)),
        ("adopt", datetime.datetime(last, 1, 15, 17, 0, tzinfo=ams)),
        ("ratify", datetime.datetime(last, 1, 27, 11, 0, tzinfo=ams)),
    ]
    assert revision.created_at == datetime.datetime(last - 1, 11, 20, 10, 0, tzinfo=ams)
