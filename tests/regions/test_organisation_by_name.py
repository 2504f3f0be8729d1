"""An organisation typed by its name (the agreement's owner, a party): suggestions as the
user types, the exact name in any case, a clear error otherwise; never a list of every
organisation on the page."""

import pytest
from django.urls import reverse

from agreements.forms import AgreementForm, PartyForm
from regions.models import Organisation, User

pytestmark = pytest.mark.django_db


def test_the_name_is_taken_whatever_its_case(demo):
    albeda = Organisation.objects.get(name="Albeda College")
    form = PartyForm({"organisation": "  albeda college ", "role": "informed"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == albeda
    assert PartyForm({"organisation": str(albeda.pk), "role": "informed"}).is_valid()


def test_an_unknown_or_ambiguous_name_is_a_field_error(demo):
    form = PartyForm({"organisation": "Albeda", "role": "informed"})
    assert not form.is_valid()
    assert form.errors["organisation"] == [
        "Er is geen organisatie met de naam “Albeda”. Kies een naam uit de suggesties."
    ]
    Organisation.objects.create(name="ALBEDA COLLEGE", kind="school")  # names differ in case
    form = PartyForm({"organisation": "Albeda College", "role": "informed"})
    assert not form.is_valid() and "Meer organisaties heten" in form.errors["organisation"][0]
    assert not PartyForm({"organisation": "", "role": "informed"}).is_valid()


def test_the_form_shows_the_name_and_suggests(client, demo):
    from agreements.models import Agreement

    draft = Agreement.objects.filter(state="draft", regional_table__isnull=True).first()
    form = AgreementForm(instance=draft)
    html = str(form["owner"])
    assert f'value="{draft.owner.name}"' in html
    assert 'list="id_owner-suggestions"' in html and '<datalist id="id_owner-suggestions">' in html
    assert f'hx-get="{reverse("regions:organisation_names")}"' in html
    client.force_login(User.objects.get(username="secretaris"))
    page = client.get(reverse("agreements:edit", args=[draft.pk])).content.decode()
    assert "<select" not in page.split('id="id_owner"')[0][-200:]  # a text field, no list
    names = client.get(reverse("regions:organisation_names"), {"owner": "Albe"})
    assert '<option value="Albeda College">' in names.content.decode()
