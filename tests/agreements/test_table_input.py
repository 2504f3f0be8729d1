"""A regional table's input for the sectorkamer ("aanvullende input"): only its coordinator
gives it, on a proposed or active sector agreement or for the agenda; the sectorkamer's
secretary is told, sees it in the attention list and on the sector agreement's page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, TableInput
from notifications.models import Notification
from notifications.selectors import attention_for
from regions.models import RegionalTable, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    return {
        "table": RegionalTable.objects.get(name="Rotterdamse Zorg"),
        "coordinator": User.objects.get(username="coordinator"),
        "zws": User.objects.get(username="secretaris-zws"),
        "guarantee": Agreement.objects.get(title="Baangarantie Verzorgende-IG"),
    }


def test_the_secretary_hears_of_the_input_and_sees_it(client, world):
    given = services.give_table_input(
        actor=world["coordinator"], regional_table=world["table"],
        agreement=world["guarantee"], text="  Maasstad kan pas in 2028 meedoen.  ",
    )  # fmt: skip
    assert given.text == "Maasstad kan pas in 2028 meedoen."
    note = Notification.objects.get(
        recipient=world["zws"], key__startswith=f"event:table-input:{given.pk}:"
    )
    assert "Rotterdamse Zorg" in note.title and note.body == given.text
    items = [a.item for a in attention_for(world["zws"]) if a.item.kind == "table_input"]
    assert items[0].source == f"input:{given.pk}"  # the newest first (the demo has one too)
    client.force_login(world["zws"])
    page = client.get(items[0].url.split("#")[0]).content.decode()
    inputs = page[page.index('data-testid="table-inputs"') :]
    assert "Maasstad kan pas in 2028 meedoen." in inputs[: inputs.index("</ul>")]
    # another sectorkamer's secretary hears nothing
    tgo = User.objects.get(username="secretaris")
    assert not Notification.objects.filter(
        recipient=tgo, key__startswith=f"event:table-input:{given.pk}:"
    )
    assert not [a for a in attention_for(tgo) if a.item.kind == "table_input"]


@pytest.mark.parametrize("username", ["tafellid", "secretaris-zws", "school", "bestuur"])
def test_only_the_coordinator_gives_input(world, username):
    before = TableInput.objects.count()
    with pytest.raises(PermissionDenied):
        services.give_table_input(
            actor=User.objects.get(username=username), regional_table=world["table"], text="x"
        )
    assert TableInput.objects.count() == before


def test_bad_input_is_refused_and_nothing_is_written(world):
    before = TableInput.objects.count(), Notification.objects.count()
    draft = Agreement.objects.filter(state="draft", priority__isnull=False).first()
    commitment = Agreement.objects.filter(regional_table__isnull=False).first()
    cases = [
        ({"text": "   "}, "text"),
        ({"text": "x", "agreement": draft}, "agreement"),  # not proposed or active
        ({"text": "x", "agreement": commitment}, "agreement"),  # not a sector agreement
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.give_table_input(
                actor=world["coordinator"], regional_table=world["table"], **kwargs
            )
        assert field in refused.value.message_dict
    assert (TableInput.objects.count(), Notification.objects.count()) == before


def test_a_table_of_no_sectorkamer_names_the_agreement(world):
    table = world["table"]
    RegionalTable.objects.filter(pk=table.pk).update(sectorkamer=None)
    table.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.give_table_input(actor=world["coordinator"], regional_table=table, text="x")
    assert "agreement" in refused.value.message_dict
    services.give_table_input(
        actor=world["coordinator"], regional_table=table, text="x", agreement=world["guarantee"]
    )


def test_the_page_form(client, world):
    url = reverse("agreements:table_input", args=[world["table"].pk])
    workspace = reverse("agreements:table_workspace", args=[world["table"].pk])
    before = TableInput.objects.count()
    client.force_login(world["coordinator"])
    assert 'data-testid="input-form"' in client.get(workspace).content.decode()
    response = client.post(url, {"text": "", "agreement": ""}, follow=True)
    assert "Dit veld is vereist." in response.content.decode()
    assert TableInput.objects.count() == before
    response = client.post(url, {"text": "Meer stageplekken nodig", "agreement": ""}, follow=True)
    assert "Uw inbreng is naar de sectorkamer gestuurd." in response.content.decode()
    assert TableInput.objects.latest("pk").agreement is None
    assert client.get(url).status_code == 405
    client.force_login(User.objects.get(username="tafellid"))
    assert 'data-testid="input-form"' not in client.get(workspace).content.decode()
    assert client.post(url, {"text": "x"}).status_code == 403
    assert TableInput.objects.count() == before + 1
