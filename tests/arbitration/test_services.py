import datetime
import io
import threading
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from agreements.models import Agreement
from arbitration import services
from arbitration.models import (
    Affiliation,
    Award,
    Challenge,
    ConflictDeclaration,
    Document,
    Dossier,
    DossierState,
    ProceduralRuleSet,
)
from core.workflow import StateConflict
from regions.models import Role

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def state(dossier):
    return Dossier.objects.get(pk=dossier.pk).state


# -- filing ------------------------------------------------------------------------------


def test_filing_assigns_a_reference_and_the_admissibility_deadline(filed):
    year = datetime.date.today().year
    assert filed.reference == f"ARB-{year}-0001" and filed.state == "filed"
    deadline = filed.deadlines.get()
    assert deadline.kind == "admissibility"
    assert deadline.due == datetime.date.today() + datetime.timedelta(days=14)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"respondents": []}, "respondents"),
        ({"claimants": []}, "claimants"),
        ({"respondents": "same"}, "respondents"),
    ],
)
def test_bad_claims_are_refused(school_rep, school, branch, active, change, field):
    kwargs = {"claimants": [school], "respondents": [branch]}
    kwargs.update({k: ([school] if v == "same" else v) for k, v in change.items()})
    with pytest.raises((ValidationError, PermissionDenied)) as error:
        services.create_dossier(actor=school_rep, kind="content", claim="X", **kwargs)
    if isinstance(error.value, ValidationError):
        assert field in error.value.message_dict
    assert not Dossier.objects.exists()


def test_filing_without_a_claim_is_refused(dossier, school_rep):
    Dossier.objects.filter(pk=dossier.pk).update(claim="")
    dossier.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.file_dossier(actor=school_rep, dossier=dossier)
    assert "claim" in error.value.message_dict
    assert state(dossier) == "draft" and Dossier.objects.get().reference is None


def test_only_a_claimant_files(dossier, branch_rep, clerk):
    for actor in (branch_rep, clerk):
        with pytest.raises(PermissionDenied):
            services.file_dossier(actor=actor, dossier=dossier)


def test_you_cannot_claim_for_another_organisation(branch_rep, school, union, active):
    with pytest.raises(PermissionDenied):
        services.create_dossier(
            actor=branch_rep, claimants=[school], respondents=[union], kind="content", claim="X"
        )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_references_have_no_gaps_under_concurrent_filing(school_rep, school, branch, active):
    drafts = [
        services.create_dossier(
            actor=school_rep,
            claimants=[school],
            respondents=[branch],
            kind="content",
            claim=f"Claim {i}",
        )
        for i in range(8)
    ]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def file(draft):
        try:
            barrier.wait()
            services.file_dossier(actor=school_rep, dossier=Dossier.objects.get(pk=draft.pk))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = datetime.date.today().year
    references = sorted(Dossier.objects.values_list("reference", flat=True))
    assert references == [f"ARB-{year}-{n:04d}" for n in range(1, 9)]


# -- admissibility ----------------------------------------------------------------------


def test_admission_needs_an_arbitration_agreement_for_every_party(filed, clerk, school, tgo):
    from arbitration.models import ArbitrationAgreement

    ArbitrationAgreement.objects.create(
        organisation=school, signed_on=datetime.date(2025, 1, 1), signatory="D", sectorkamer=tgo
    )
    with pytest.raises(ValidationError) as error:
        services.admit_dossier(actor=clerk, dossier=filed, comment="Ok")
    assert "Techniek Nederland" in error.value.message_dict["comment"][0]
    assert state(filed) == "filed"


def test_admission_disputes_the_agreements(admitted, active):
    assert admitted.state == "admitted"
    assert Agreement.objects.get(pk=active.pk).state == "disputed"
    assert admitted.deadlines.get(kind="admissibility").met_at is not None


def test_inadmissible_closes_it_with_reasons(filed, clerk, school_rep):
    with pytest.raises(ValidationError):
        services.reject_dossier(actor=clerk, dossier=filed, comment="")
    services.reject_dossier(actor=clerk, dossier=filed, comment="Geen geschil over een afspraak")
    assert state(filed) == "inadmissible"
    with pytest.raises(StateConflict):
        services.withdraw_dossier(actor=school_rep, dossier=Dossier.objects.get(pk=filed.pk))


def test_only_the_secretariat_decides_admissibility(filed, school_rep, covered):
    with pytest.raises(PermissionDenied):
        services.admit_dossier(actor=school_rep, dossier=filed, comment="Ok")


# -- the panel and independence ----------------------------------------------------------


def test_a_panel_of_two_is_refused(admitted, clerk, arbiters):
    with pytest.raises(ValidationError) as error:
        services.propose_panel(actor=clerk, dossier=admitted, arbiters=arbiters[:2])
    assert "arbiters" in error.value.message_dict
    assert state(admitted) == "admitted" and not admitted.panel.exists()


def test_a_panel_of_three(admitted, clerk, arbiters):
    services.propose_panel(actor=clerk, dossier=admitted, arbiters=arbiters[:3])
    assert admitted.panel.count() == 3
    assert admitted.deadlines.get(kind="challenge").due == (
        datetime.date.today() + datetime.timedelta(days=28)
    )


def test_an_arbiter_affiliated_with_a_party_within_three_years(admitted, clerk, arbiters, branch):
    Affiliation.objects.create(
        arbiter=arbiters[0],
        organisation=branch,
        start=datetime.date(2015, 1, 1),
        end=datetime.date.today() - datetime.timedelta(days=400),
    )
    problems = services.independence_problems(arbiters[0], admitted)
    assert problems and "Techniek Nederland" in problems[0]
    with pytest.raises(ValidationError) as error:
        services.propose_panel(actor=clerk, dossier=admitted, arbiters=[arbiters[0]])
    assert "Techniek Nederland" in error.value.message_dict["arbiters"][0]
    # An affiliation that ended longer ago than the rule set says does not count.
    Affiliation.objects.update(end=datetime.date.today() - datetime.timedelta(days=4 * 366))
    assert services.independence_problems(arbiters[0], admitted) == []
    ProceduralRuleSet.objects.create(
        version=2, valid_from=datetime.date(2020, 1, 1), affiliation_years=5
    )
    assert services.independence_problems(arbiters[0], admitted)


def test_an_arbiter_with_a_role_in_the_sectorkamer_is_not_independent(admitted, arbiters, tgo):
    from regions.models import RoleAssignment

    RoleAssignment.objects.create(
        user=arbiters[1].user,
        role=Role.SECTORKAMER_MEMBER,
        sectorkamer=tgo,
        side="business",
        valid_from=datetime.date(2020, 1, 1),
    )
    assert "sectorkamer" in services.independence_problems(arbiters[1], admitted)[0]


def test_an_arbiter_who_declared_a_conflict(admitted, arbiters):
    services.declare_conflict(actor=arbiters[2].user, dossier=admitted, reason="Oud-collega")
    assert ConflictDeclaration.objects.count() == 1
    assert services.independence_problems(arbiters[2], admitted)


def test_constituting_needs_declarations_and_the_challenge_period(proposed_panel, clerk):
    with pytest.raises(ValidationError) as error:
        services.constitute_panel(actor=clerk, dossier=proposed_panel)
    assert len(error.value.message_dict["comment"]) == 2
    member = proposed_panel.panel.get()
    services.declare_independence(actor=member.arbiter.user, member=member, declaration="Ja")
    with pytest.raises(ValidationError):  # the period still runs
        services.constitute_panel(actor=clerk, dossier=proposed_panel)
    later = datetime.date.today() + datetime.timedelta(days=29)
    with time_machine.travel(later):
        services.constitute_panel(actor=clerk, dossier=proposed_panel)
    assert state(proposed_panel) == "panel_constituted"
    defence = proposed_panel.deadlines.get(kind="defence")
    assert defence.due == later + datetime.timedelta(days=42)


def test_only_the_arbiter_declares_independence(proposed_panel, arbiters, clerk):
    member = proposed_panel.panel.get()
    with pytest.raises(PermissionDenied):
        services.declare_independence(actor=clerk, member=member, declaration="Ja")


def test_the_challenge_path(proposed_panel, branch_rep, clerk, arbiters, union_rep):
    member = proposed_panel.panel.get()
    with pytest.raises(PermissionDenied):  # not a party to the dossier
        services.challenge_arbiter(actor=union_rep, member=member, reasons="X")
    challenge = services.challenge_arbiter(
        actor=branch_rep, member=member, reasons="Adviseerde de eiser vorig jaar"
    )
    with pytest.raises(ValidationError):  # sustained needs a replacement
        services.decide_challenge(actor=clerk, challenge=challenge, sustained=True, reasons="Ja")
    services.decide_challenge(
        actor=clerk, challenge=challenge, sustained=True, reasons="Gegrond", replacement=arbiters[3]
    )
    panel = list(proposed_panel.panel.order_by("proposed_at"))
    assert panel[0].replaced_at is not None and panel[1].arbiter == arbiters[3]
    assert Challenge.objects.get().decision == "sustained"


def test_a_challenge_after_the_period_is_refused(proposed_panel, branch_rep):
    member = proposed_panel.panel.get()
    too_late = time_machine.travel(datetime.date.today() + datetime.timedelta(days=29))
    with too_late, pytest.raises(ValidationError) as error:
        services.challenge_arbiter(actor=branch_rep, member=member, reasons="Te laat")
    assert "reasons" in error.value.message_dict
    assert not Challenge.objects.exists()


# -- deadlines -------------------------------------------------------------------------


def test_deadlines_follow_the_rule_set_in_force_when_filed(dossier, school_rep, clerk):
    ProceduralRuleSet.objects.create(
        version=2, valid_from=datetime.date(2020, 1, 1), admissibility_days=7
    )
    filed = services.file_dossier(actor=school_rep, dossier=dossier)
    assert filed.deadlines.get().due == datetime.date.today() + datetime.timedelta(days=7)
    ProceduralRuleSet.objects.create(
        version=3, valid_from=datetime.date(2021, 1, 1), admissibility_days=30, challenge_days=10
    )
    assert Dossier.objects.get().rule_set.version == 2  # the filed dossier keeps its version


def test_extending_a_deadline_needs_a_reason_and_is_kept(filed, clerk, school_rep):
    deadline = filed.deadlines.get()
    later = deadline.due + datetime.timedelta(days=7)
    with pytest.raises(PermissionDenied):
        services.extend_deadline(actor=school_rep, deadline=deadline, due=later, reason="Graag")
    with pytest.raises(ValidationError):
        services.extend_deadline(actor=clerk, deadline=deadline, due=later, reason=" ")
    with pytest.raises(ValidationError):
        services.extend_deadline(actor=clerk, deadline=deadline, due=deadline.due, reason="X")
    services.extend_deadline(actor=clerk, deadline=deadline, due=later, reason="Ziekte")
    history = list(deadline.history.order_by("history_id").values_list("due", "extension_reason"))
    assert history[-1] == (later, "Ziekte") and history[0][1] == ""


# -- documents ---------------------------------------------------------------------------


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_documents_are_checked_by_content(filed, school_rep):
    doc = services.upload_document(
        actor=school_rep,
        dossier=filed,
        title="Conclusie van eis",
        visibility="all",
        uploaded_file=pdf(),
    )
    assert doc.content_type == "application/pdf" and len(doc.sha256) == 64 and doc.version == 1
    word = services.upload_document(
        actor=school_rep,
        dossier=filed,
        title="Bijlage",
        visibility="all",
        uploaded_file=SimpleUploadedFile("b.docx", docx_bytes()),
    )
    assert word.content_type.endswith("wordprocessingml.document")
    v2 = services.upload_document(
        actor=school_rep,
        dossier=filed,
        title="Conclusie van eis",
        visibility="all",
        uploaded_file=pdf(),
        replaces=doc,
    )
    assert v2.version == 2 and v2.lineage == doc.lineage


@pytest.mark.parametrize(
    "name, content",
    [
        ("nep.pdf", b"MZ\x90\x00 not a pdf"),
        ("nep.docx", b"%PDF-1.4 this is a pdf"),
        ("virus.exe", PDF),
        ("zonder-extensie", PDF),
        ("plaatje.png", b"\xff\xd8\xff jpeg"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(filed, school_rep, name, content):
    with pytest.raises(ValidationError) as error:
        services.upload_document(
            actor=school_rep,
            dossier=filed,
            title="X",
            visibility="all",
            uploaded_file=SimpleUploadedFile(name, content),
        )
    assert "file" in error.value.message_dict
    assert not Document.objects.exists()


def test_a_file_over_20_mb_is_refused(filed, school_rep):
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.upload_document(
            actor=school_rep, dossier=filed, title="X", visibility="all", uploaded_file=big
        )
    assert "20 MB" in error.value.message_dict["file"][0]


def test_a_party_cannot_upload_panel_only_documents(filed, school_rep):
    with pytest.raises(ValidationError):
        services.upload_document(
            actor=school_rep, dossier=filed, title="X", visibility="panel", uploaded_file=pdf()
        )


# -- award and settlement ----------------------------------------------------------------


def test_award_sets_the_agreement_and_is_immutable(heard, arbiters, active, clerk):
    panel_user = arbiters[0].user
    with pytest.raises(PermissionDenied):
        services.issue_award(
            actor=clerk,
            dossier=heard,
            decision="granted",
            reasoning="R",
            agreement_effect="cancelled",
        )
    award = services.issue_award(
        actor=panel_user,
        dossier=heard,
        decision="granted",
        reasoning="De leerbanen zijn niet geleverd.",
        agreement_effect="cancelled",
    )
    assert state(heard) == "award_issued"
    assert Agreement.objects.get(pk=active.pk).state == "cancelled"
    assert list(award.signed_by.all()) == [arbiters[0]]
    award.reasoning = "Anders"
    with pytest.raises(ValidationError):
        award.save()
    with pytest.raises(ValidationError):
        award.delete()
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            Award.objects.filter(pk=award.pk).update(reasoning="Anders")
    assert Award.objects.get().reasoning == "De leerbanen zijn niet geleverd."
    services.close_dossier(actor=clerk, dossier=Dossier.objects.get(pk=heard.pk))
    assert state(heard) == "closed"


def test_award_that_keeps_the_agreement_in_force(heard, arbiters, active):
    services.issue_award(
        actor=arbiters[0].user,
        dossier=heard,
        decision="rejected",
        reasoning="Geleverd",
        agreement_effect="active",
    )
    assert Agreement.objects.get(pk=active.pk).state == "active"


def test_settlement_before_the_award(admitted, clerk, active):
    with pytest.raises(ValidationError):
        services.settle_dossier(actor=clerk, dossier=admitted, terms="", agreement_effect="active")
    services.settle_dossier(
        actor=clerk, dossier=admitted, terms="Leerbanen in 2028", agreement_effect="active"
    )
    assert state(admitted) == "settled"
    assert Agreement.objects.get(pk=active.pk).state == "active"
    assert not admitted.deadlines.filter(met_at__isnull=True).exists()


def test_withdrawal_by_the_claimant_only(admitted, school_rep, branch_rep, active):
    with pytest.raises(PermissionDenied):
        services.withdraw_dossier(actor=branch_rep, dossier=admitted)
    services.withdraw_dossier(actor=school_rep, dossier=admitted, comment="Opgelost")
    assert state(admitted) == "withdrawn"
    assert Agreement.objects.get(pk=active.pk).state == "active"


def test_no_settlement_after_the_award(heard, arbiters, clerk):
    services.issue_award(
        actor=arbiters[0].user,
        dossier=heard,
        decision="partly",
        reasoning="Deels",
        agreement_effect="active",
    )
    with pytest.raises(StateConflict):
        services.settle_dossier(
            actor=clerk,
            dossier=Dossier.objects.get(pk=heard.pk),
            terms="X",
            agreement_effect="active",
        )


def test_escalated_conflict_becomes_a_prefilled_draft(
    school_rep, school, secretary, priority, make_user, reference
):
    from agreements import services as agreement_services
    from agreements.models import NoticeConflict
    from atlas.models import Qualification
    from regions.models import Arbeidsmarktregio, Sectorkamer
    from tests.fixtures_agreements import SMART

    luchtvaart = Qualification.objects.create(
        crebo="25462",
        name="Luchtvaartdienstverlener",
        level=2,
        sectorkamer=Sectorkamer.objects.get(code="02"),
    )
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)):
        agreement = agreement_services.create_agreement(
            actor=secretary,
            priority=priority,
            owner=school,
            **{**SMART, "category": "programme_offer"},
        )
        agreement_services.set_parties(
            actor=secretary, agreement=agreement, parties=[(school, "responsible")]
        )
        agreement_services.set_offer_rule(
            actor=secretary, agreement=agreement, kind="no_new_starts", qualifications=[luchtvaart]
        )
        agreement_services.propose_agreement(actor=secretary, agreement=agreement)
        agreement_services.accept_agreement(actor=school_rep, agreement=agreement)
        from regions.models import OrganisationKind

        other_school = type(school).objects.create(
            name="Zadkine", kind=OrganisationKind.MBO_INSTITUTION, institution_code="01NK"
        )
        rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=other_school)
        notice = agreement_services.create_notice(
            actor=rep,
            institution=other_school,
            qualification=luchtvaart,
            action="start",
            leerweg="BOL",
            municipality="Rotterdam",
            region=Arbeidsmarktregio.objects.get(code="AM22"),
            study_year=2028,
        )
        agreement_services.submit_notice(actor=rep, notice=notice)
    conflict = NoticeConflict.objects.get()
    mtlm = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=Sectorkamer.objects.get(code="02"))
    dossier = services.escalate_conflict(actor=mtlm, conflict=conflict)
    assert dossier.state == "draft" and dossier.notice_conflict == conflict
    assert [p.organisation.name for p in dossier.parties.order_by("side")] == [
        "Albeda College",
        "Zadkine",
    ]
    assert dossier.claim == conflict.message
    # the claimant's representative can see and file it
    services.file_dossier(actor=school_rep, dossier=dossier)
    assert state(dossier) == DossierState.FILED
