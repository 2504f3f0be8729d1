"""A person's data (AVG): the export of what Kansrijk holds about them, and deactivation that
removes their personal data but keeps the history readable ("former user")."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from agreements import services as agreement_services
from core.timeutils import local_today
from kansrijk_site.personal_data import export_person
from regions import services
from regions.models import Role, SecurityEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(active, school_rep):
    return agreement_services.report_progress(
        actor=school_rep, agreement=active, period_start="2026-02-01", period_end="2026-06-30",
        value="120", status="on_track", narrative="Twintig extra leerbanen",
    )  # fmt: skip


def test_the_export_holds_the_account_roles_and_what_they_did(school_rep, reported, branch_rep):
    data = json.loads(json.dumps(export_person(school_rep)))  # JSON all the way down
    assert data["account"]["username"] == "school" and "password" not in data["account"]
    roles = data["records"]["regions.roleassignment.user"]
    assert [r["role"] for r in roles] == [Role.ORGANISATION_REPRESENTATIVE]
    reports = data["records"]["agreements.progressreport.reporter"]
    assert [r["narrative"] for r in reports] == ["Twintig extra leerbanen"]
    assert "password" not in json.dumps(data)
    other = export_person(branch_rep)["records"]
    assert "agreements.progressreport.reporter" not in other  # only their own records


def test_deactivation_removes_personal_data_and_keeps_the_history(
    school_rep, reported, staff, active
):
    TOTPDevice.objects.create(user=school_rep, name="app", confirmed=True)
    Token.objects.create(user=school_rep)
    services.deactivate_person(actor=staff, user=school_rep, reason="Vertrokken bij Albeda")
    person = User.objects.get(pk=school_rep.pk)
    assert not person.is_active and not person.has_usable_password()
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert str(person) == f"voormalige gebruiker {person.pk}"
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not Token.objects.filter(user=person).exists()
    assert person.role_assignments.get().valid_until == local_today()  # the role ended today
    assert reported.reporter_id == person.pk  # what they did still names them, as former user
    event = SecurityEvent.objects.get(kind="deactivated")
    assert (event.user, event.actor, event.reason) == (person, staff, "Vertrokken bij Albeda")


@pytest.mark.parametrize("reason", ["", "  "])
def test_deactivation_needs_a_reason(school_rep, staff, reason):
    with pytest.raises(ValidationError):
        services.deactivate_person(actor=staff, user=school_rep, reason=reason)
    assert User.objects.get(pk=school_rep.pk).is_active


def test_only_sbb_staff_deactivate(school_rep, secretary):
    with pytest.raises(PermissionDenied):
        services.deactivate_person(actor=secretary, user=school_rep, reason="Weg")
    assert User.objects.get(pk=school_rep.pk).is_active


def test_the_command_exports_and_deactivates(school_rep, staff):
    out = io.StringIO()
    call_command("personal_data", "school", stdout=out)
    assert json.loads(out.getvalue())["account"]["username"] == "school"
    with pytest.raises(CommandError, match="--by"):
        call_command("personal_data", "school", "--deactivate", "--reason", "Weg")
    call_command("personal_data", "school", "--deactivate", "--by", "staff", "--reason", "Weg",
                 stdout=out)  # fmt: skip
    assert not User.objects.get(pk=school_rep.pk).is_active
