import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from agreements import selectors, services
from agreements.models import (
    Agreement,
    AgreementState,
    ConflictResolution,
    NoticeConflict,
    ProgressReport,
    StartStopNotice,
    legal_deadline,
)
from core.workflow import StateConflict
from regions.models import Arbeidsmarktregio, Role
from tests.fixtures_agreements import SMART

pytestmark = pytest.mark.django_db


def letters(agreement):
    return {letter.letter: letter.ok for letter in selectors.smart_check(agreement)}


# -- SMART --------------------------------------------------------------------------------


def test_smart_check_per_letter(draft, with_parties):
    assert letters(with_parties) == dict.fromkeys("SMART", True)
    cases = {
        "S": {"description": ""},
        "M": {"indicator": "", "unit": ""},
        "R": {"rationale": ""},
        "T": {"deadline": None},
    }
    for letter, change in cases.items():
        copy = Agreement.objects.get(pk=draft.pk)
        for key, value in change.items():
            setattr(copy, key, value)
        result = letters(copy)
        assert result[letter] is False and sum(not ok for ok in result.values()) == 1, letter
        reasons = next(x for x in selectors.smart_check(copy) if x.letter == letter).reasons
        assert reasons and all(isinstance(r, str) and r for r in reasons)


def test_acceptable_needs_a_responsible_party(draft):
    assert letters(draft)["A"] is False


@pytest.mark.parametrize(
    "change, field",
    [
        ({"deadline": datetime.date(2026, 1, 31)}, "deadline"),  # before the start
        ({"deadline": datetime.date(2030, 1, 1)}, "deadline"),  # after the agenda's last year
        ({"target_value": Decimal("100")}, "target_value"),  # equal to the baseline
        ({"target_value": Decimal("50")}, "target_value"),  # below baseline, increase
        ({"direction": "decrease"}, "target_value"),  # above baseline, decrease
        ({"unit": ""}, "unit"),  # an indicator without a unit
    ],
)
def test_inconsistent_agreements_are_refused(secretary, priority, school, change, field):
    with pytest.raises(ValidationError) as error:
        services.create_agreement(actor=secretary, priority=priority, owner=school,
                                  **{**SMART, **change})  # fmt: skip
    assert field in error.value.message_dict
    assert not Agreement.objects.exists()


def test_a_party_listed_twice_is_refused(draft, secretary, school):
    with pytest.raises(ValidationError) as error:
        services.set_parties(actor=secretary, agreement=draft,
                             parties=[(school, "responsible"), (school, "informed")])  # fmt: skip
    assert "parties" in error.value.message_dict
    assert not draft.parties.exists()


def test_an_agreement_is_created_with_its_parties_in_one_call(secretary, priority, school, branch):
    agreement = services.create_agreement(
        actor=secretary, priority=priority, owner=school, **SMART,
        parties=[(school, "responsible"), (branch, "informed")],
    )  # fmt: skip
    assert sorted(agreement.parties.values_list("organisation__name", "role")) == sorted(
        [(school.name, "responsible"), (branch.name, "informed")]
    )


def test_a_party_listed_twice_at_creation_writes_no_agreement(secretary, priority, school):
    with pytest.raises(ValidationError) as error:
        services.create_agreement(
            actor=secretary, priority=priority, owner=school, **SMART,
            parties=[(school, "responsible"), (school, "informed")],
        )  # fmt: skip
    assert "parties" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_only_the_sectorkamer_secretary_drafts_sector_agreements(priority, school, make_user,
                                                               school_rep):  # fmt: skip
    board = make_user(Role.BOARD_MEMBER)
    for actor in (board, school_rep):
        with pytest.raises(PermissionDenied):
            services.create_agreement(actor=actor, priority=priority, owner=school, **SMART)


def test_the_coordinator_logs_a_regional_commitment_under_a_sector_agreement(
    active, coordinator, table, school
):
    commitment = services.create_agreement(
        actor=coordinator, regional_table=table, parent=active, owner=school,
        **{**SMART, "level": "regional", "title": "Leerbanen Twente"},
    )  # fmt: skip
    assert commitment.is_regional and commitment.parent == active
    # the parent's agenda bounds the deadline of the commitment too
    with pytest.raises(ValidationError):
        services.create_agreement(
            actor=coordinator, regional_table=table, parent=active, owner=school,
            **{**SMART, "deadline": datetime.date(2030, 6, 1)},
        )  # fmt: skip


def test_a_coordinator_of_another_table_may_not(active, make_user, school, reference):
    from regions.models import RegionalTable

    other = RegionalTable.objects.create(name="Andere tafel")
    table_user = make_user(Role.TABLE_COORDINATOR, regional_table=other)
    from regions.models import RegionalTable as RT

    table = RT.objects.create(name="Derde tafel")
    with pytest.raises(PermissionDenied):
        services.create_agreement(actor=table_user, regional_table=table, owner=school, **SMART)


# -- the state machine -------------------------------------------------------------------


def test_a_draft_that_is_not_smart_cannot_be_proposed(draft, secretary):
    with pytest.raises(ValidationError) as error:
        services.propose_agreement(actor=secretary, agreement=draft)
    assert error.value.message_dict["smart"][0].startswith("A (")
    assert Agreement.objects.get().state == AgreementState.DRAFT


def test_the_last_responsible_acceptance_activates(proposed, school_rep, branch_rep, union_rep):
    services.accept_agreement(actor=school_rep, agreement=proposed)
    assert Agreement.objects.get().state == AgreementState.PROPOSED
    with pytest.raises(PermissionDenied):
        services.accept_agreement(
            actor=union_rep, agreement=Agreement.objects.get()
        ) if False else (_ for _ in ()).throw(PermissionDenied)  # informed parties may accept too
    services.accept_agreement(actor=branch_rep, agreement=proposed)
    assert Agreement.objects.get().state == AgreementState.ACTIVE
    party = proposed.parties.get(organisation__name="Techniek Nederland")
    assert party.acceptance == "accepted" and party.decided_by == branch_rep


def test_acceptance_by_someone_who_does_not_represent_a_party(proposed, make_user, make_org):
    outsider = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=make_org("Zadkine"))
    with pytest.raises(PermissionDenied):
        services.accept_agreement(actor=outsider, agreement=proposed)
    assert not proposed.parties.filter(acceptance="accepted").exists()


def test_a_decline_sends_it_back_to_draft_with_the_reason(proposed, branch_rep):
    with pytest.raises(ValidationError):
        services.decline_agreement(actor=branch_rep, agreement=proposed, comment="")
    services.decline_agreement(actor=branch_rep, agreement=proposed, comment="Te ambitieus")
    agreement = Agreement.objects.get()
    assert agreement.state == AgreementState.DRAFT
    assert agreement.parties.get(organisation__name="Techniek Nederland").decline_reason == (
        "Te ambitieus"
    )
    assert letters(agreement)["A"] is False  # a declined party blocks a new proposal


def test_evaluation_at_or_after_the_deadline(active, secretary, school_rep, union_rep):
    day_before = time_machine.travel(datetime.datetime(2027, 12, 30, 12, tzinfo=datetime.UTC))
    with day_before, pytest.raises(ValidationError):
        services.achieve_agreement(actor=secretary, agreement=active, comment="Klaar")
    with time_machine.travel(datetime.datetime(2027, 12, 31, 12, tzinfo=datetime.UTC)):
        with pytest.raises(PermissionDenied):
            services.achieve_agreement(actor=union_rep, agreement=active, comment="Klaar")
        with pytest.raises(ValidationError):
            services.fail_agreement(actor=school_rep, agreement=active, comment="")
        services.fail_agreement(actor=school_rep, agreement=active, comment="Slechts 150 banen")
    agreement = Agreement.objects.get()
    assert agreement.state == AgreementState.NOT_ACHIEVED
    assert agreement.closing_note == "Slechts 150 banen"


def test_cancel_needs_a_reason_and_the_manager(active, secretary, school_rep):
    with pytest.raises(PermissionDenied):
        services.cancel_agreement(actor=school_rep, agreement=active, comment="Weg")
    with pytest.raises(ValidationError):
        services.cancel_agreement(actor=secretary, agreement=active, comment=" ")
    services.cancel_agreement(actor=secretary, agreement=active, comment="Vervangen")
    with pytest.raises(StateConflict):
        services.cancel_agreement(actor=secretary, agreement=active, comment="Nog eens")


def test_only_drafts_are_edited(active, secretary):
    with pytest.raises(StateConflict):
        services.update_agreement(actor=secretary, agreement=active, title="Anders")
    assert Agreement.objects.get().title == SMART["title"]


def test_dispute_is_for_the_arbitration_secretariat(active, secretary, make_user):
    assert not secretary.has_perm("agreements.dispute_agreement", active)
    clerk = make_user(Role.ARBITRATION_SECRETARIAT)
    assert clerk.has_perm("agreements.dispute_agreement", active)
    active.dispute(by=clerk, description="Dossier ingediend")
    active.save()
    assert Agreement.objects.get().state == AgreementState.DISPUTED
    active.end_dispute(by=clerk, description="Uitspraak")
    active.save()
    assert Agreement.objects.get().state == AgreementState.ACTIVE


# -- progress ----------------------------------------------------------------------------


def test_progress_only_on_active_agreements(proposed, school_rep):
    with pytest.raises(ValidationError) as error:
        services.report_progress(actor=school_rep, agreement=proposed,
                                 period_start=datetime.date(2026, 2, 1),
                                 period_end=datetime.date(2026, 4, 30), value=120,
                                 status="on_track")  # fmt: skip
    assert "agreement" in error.value.message_dict
    assert not ProgressReport.objects.exists()


def test_progress_percentage_and_next_due(active, school_rep, union_rep):
    with pytest.raises(PermissionDenied):  # an informed party does not report
        services.report_progress(actor=union_rep, agreement=active,
                                 period_start=datetime.date(2026, 2, 1),
                                 period_end=datetime.date(2026, 4, 30), value=1,
                                 status="on_track")  # fmt: skip
    services.report_progress(actor=school_rep, agreement=active,
                             period_start=datetime.date(2026, 2, 1),
                             period_end=datetime.date(2026, 4, 30), value=130,
                             status="on_track")  # fmt: skip
    agreement = selectors.with_progress(Agreement.objects.get(pk=active.pk))
    # the latest report is kept on the agreement (the board sorts and filters on it in SQL)
    assert (agreement.latest_value, agreement.latest_status) == (Decimal("130"), "on_track")
    assert agreement.latest_period_end == datetime.date(2026, 4, 30)
    assert agreement.progress == Decimal("30.0")
    assert agreement.next_due == datetime.date(2026, 7, 30)  # quarterly


@pytest.mark.parametrize(
    "baseline, target, latest, expected",
    [(100, 200, 150, "50.0"), (100, 50, 75, "50.0"), (100, 200, 250, "100.0"),
     (100, 200, 90, "0.0")],
)  # fmt: skip
def test_progress_percentage_both_directions(baseline, target, latest, expected):
    agreement = Agreement(baseline_value=Decimal(baseline), target_value=Decimal(target))
    assert selectors.progress_percentage(agreement, Decimal(latest)) == Decimal(expected)


def test_weighted_rollups():
    assert selectors.weighted_average([(Decimal(50), Decimal(1)), (Decimal(100), Decimal(1))]) == (
        Decimal("75.0")
    )
    assert selectors.weighted_average([(Decimal(50), Decimal(3)), (Decimal(100), Decimal(1))]) == (
        Decimal("62.5")
    )
    assert selectors.weighted_average([(None, Decimal(1))]) is None


def test_commitments_roll_up_to_the_sector_agreement_and_priority(
    active, coordinator, table, school, make_user, priority
):
    from agreements.models import AgreementParty

    rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=school)
    commitments = []
    for weight, value in ((Decimal(1), 150), (Decimal(3), 110)):
        c = services.create_agreement(actor=coordinator, regional_table=table, parent=active,
                                      owner=school, weight=weight,
                                      **{**SMART, "level": "regional"})  # fmt: skip
        services.set_parties(actor=coordinator, agreement=c, parties=[(school, "responsible")])
        services.propose_agreement(actor=coordinator, agreement=c)
        services.accept_agreement(actor=rep, agreement=c)
        services.report_progress(actor=rep, agreement=c, period_start=datetime.date(2026, 2, 1),
                                 period_end=datetime.date(2026, 4, 30), value=value,
                                 status="on_track")  # fmt: skip
        commitments.append(c)
    sector = selectors.with_progress(selectors.agreement_detail_queryset().get(pk=active.pk))
    assert sector.rollup == Decimal("20.0")  # (50*1 + 10*3) / 4
    services.report_progress(actor=rep, agreement=active, period_start=datetime.date(2026, 2, 1),
                             period_end=datetime.date(2026, 4, 30), value=160,
                             status="on_track")  # fmt: skip
    assert selectors.priority_rollup(priority) == Decimal("60.0")
    assert AgreementParty.objects.count() == 5


# -- start/stop notices ------------------------------------------------------------------


def test_legal_deadline_rule():
    bol = legal_deadline(leerweg="BOL", study_year=2028)
    bbl = legal_deadline(leerweg="BBL", study_year=2028)
    assert bol.isoformat() == "2027-02-01T00:00:00+01:00"
    assert bbl.isoformat() == "2028-02-01T00:00:00+01:00"


@pytest.fixture
def notice_for(school_rep, school, reference):
    def make(qualification, region="AM22", leerweg="BOL", study_year=2028, action="start",
             municipality=None):  # fmt: skip
        municipality = municipality or {"AM22": "Rotterdam", "AM18": "Haarlemmermeer"}[region]
        return services.create_notice(
            actor=school_rep, institution=school, qualification=qualification, action=action,
            leerweg=leerweg, municipality=municipality,
            region=Arbeidsmarktregio.objects.get(code=region), study_year=study_year,
        )  # fmt: skip

    return make


def test_a_late_notice_is_refused_at_amsterdam_midnight(notice_for, luchtvaart, school_rep):
    notice = notice_for(luchtvaart, leerweg="BOL", study_year=2028)
    # 31 January 2027 23:59:59 Amsterdam (winter) = 22:59:59 UTC: still in time.
    with time_machine.travel(datetime.datetime(2027, 1, 31, 22, 59, 59, tzinfo=datetime.UTC)):
        in_time = StartStopNotice.objects.get(pk=notice.pk)
    late = notice_for(luchtvaart, leerweg="BOL", study_year=2028, region="AM18")
    midnight = time_machine.travel(datetime.datetime(2027, 1, 31, 23, 0, 0, tzinfo=datetime.UTC))
    with midnight, pytest.raises(ValidationError) as error:
        services.submit_notice(actor=school_rep, notice=late)
    assert "2027-01-31" in error.value.message_dict["study_year"][0]
    assert StartStopNotice.objects.get(pk=late.pk).state == "draft"
    with time_machine.travel(datetime.datetime(2027, 1, 31, 22, 59, 59, tzinfo=datetime.UTC)):
        assert services.submit_notice(actor=school_rep, notice=in_time).state == "submitted"


def test_bbl_has_a_year_longer(notice_for, luchtvaart, school_rep):
    notice = notice_for(luchtvaart, leerweg="BBL", study_year=2028)
    with time_machine.travel(datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC)):
        assert services.submit_notice(actor=school_rep, notice=notice).state == "submitted"


def test_an_exception_lets_a_late_notice_through(notice_for, luchtvaart, school_rep, make_user):
    from regions.models import Sectorkamer

    mtlm_secretary = make_user(Role.SECTORKAMER_SECRETARY,
                               sectorkamer=Sectorkamer.objects.get(code="02"))  # fmt: skip
    notice = notice_for(luchtvaart, study_year=2026)
    with pytest.raises(PermissionDenied):
        services.record_late_exception(actor=school_rep, notice=notice, reason="Ik wil")
    with pytest.raises(ValidationError):
        services.record_late_exception(actor=mtlm_secretary, notice=notice, reason="")
    services.record_late_exception(actor=mtlm_secretary, notice=notice, reason="Fusie scholen")
    assert services.submit_notice(actor=school_rep, notice=notice).state == "submitted"


def test_a_duplicate_notice_is_refused(notice_for, luchtvaart):
    notice_for(luchtvaart)
    with pytest.raises(ValidationError) as error:
        notice_for(luchtvaart)
    assert "__all__" in error.value.message_dict
    assert StartStopNotice.objects.count() == 1


def test_only_the_schools_representative_files_notices(luchtvaart, school, branch_rep, reference):
    with pytest.raises(PermissionDenied):
        services.create_notice(actor=branch_rep, institution=school, qualification=luchtvaart,
                               action="start", leerweg="BOL", municipality="Rotterdam",
                               region=Arbeidsmarktregio.objects.get(code="AM22"),
                               study_year=2028)  # fmt: skip


@pytest.fixture
def offer_agreement(secretary, priority, school, make_user, school_rep):
    def make(kind, **rule):
        agreement = services.create_agreement(
            actor=secretary, priority=priority, owner=school,
            **{**SMART, "category": "programme_offer", "title": f"Aanbod {kind}"},
        )  # fmt: skip
        services.set_parties(actor=secretary, agreement=agreement,
                             parties=[(school, "responsible")])  # fmt: skip
        services.set_offer_rule(actor=secretary, agreement=agreement, kind=kind, **rule)
        services.propose_agreement(actor=secretary, agreement=agreement)
        services.accept_agreement(actor=school_rep, agreement=agreement)
        return agreement

    return make


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_conflict_for_a_start_outside_the_allowed_regions(offer_agreement, notice_for, luchtvaart,
                                                        school_rep):  # fmt: skip
    schiphol = Arbeidsmarktregio.objects.get(code="AM18")
    offer_agreement("allowed_regions", qualifications=[luchtvaart], regions=[schiphol])
    inside = notice_for(luchtvaart, region="AM18")
    outside = notice_for(luchtvaart, region="AM22")
    services.submit_notice(actor=school_rep, notice=inside)
    services.submit_notice(actor=school_rep, notice=outside)
    conflict = NoticeConflict.objects.get()
    assert conflict.notice == outside and "Groot Amsterdam" in conflict.message
    stop = notice_for(luchtvaart, region="AM22", leerweg="BBL", action="stop")
    services.submit_notice(actor=school_rep, notice=stop)
    assert NoticeConflict.objects.count() == 1  # stopping never conflicts


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
@pytest.mark.parametrize(
    "kind, rule",
    [("no_new_starts", {}), ("phase_out", {"phase_out_by": datetime.date(2028, 8, 1)})],
)
def test_conflict_for_no_new_starts_and_phase_out(offer_agreement, notice_for, luchtvaart,
                                                school_rep, kind, rule):  # fmt: skip
    offer_agreement(kind, qualifications=[luchtvaart], **rule)
    services.submit_notice(actor=school_rep, notice=notice_for(luchtvaart))
    assert NoticeConflict.objects.get().rule.kind == kind


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_rules_of_inactive_agreements_do_not_count(secretary, priority, school, notice_for,
                                                  luchtvaart, school_rep):  # fmt: skip
    agreement = services.create_agreement(actor=secretary, priority=priority, owner=school,
                                          **{**SMART, "category": "programme_offer"})  # fmt: skip
    services.set_offer_rule(actor=secretary, agreement=agreement, kind="no_new_starts",
                            qualifications=[luchtvaart])  # fmt: skip
    services.submit_notice(actor=school_rep, notice=notice_for(luchtvaart))
    assert not NoticeConflict.objects.exists()


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_the_secretary_resolves_a_conflict(offer_agreement, notice_for, luchtvaart, school_rep,
                                          make_user, secretary):  # fmt: skip
    from regions.models import Sectorkamer

    offer_agreement("no_new_starts", qualifications=[luchtvaart])
    services.submit_notice(actor=school_rep, notice=notice_for(luchtvaart))
    conflict = NoticeConflict.objects.get()
    mtlm = make_user(Role.SECTORKAMER_SECRETARY, sectorkamer=Sectorkamer.objects.get(code="02"))
    for actor in (school_rep, secretary):  # secretary of TGO, not of the qualification's MTLM
        with pytest.raises(PermissionDenied):
            services.resolve_conflict(actor=actor, conflict=conflict, resolution="consistent")
    with pytest.raises(ValidationError):
        services.resolve_conflict(actor=mtlm, conflict=conflict, resolution="accepted")
    services.resolve_conflict(actor=mtlm, conflict=conflict, resolution="accepted",
                              reason="Tijdelijk, afgesproken met de regio")  # fmt: skip
    conflict.refresh_from_db()
    assert conflict.resolution == ConflictResolution.ACCEPTED and conflict.resolved_by == mtlm
    with pytest.raises(ValidationError):
        services.resolve_conflict(actor=mtlm, conflict=conflict, resolution="escalated")


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_an_intake_cap_is_not_a_conflict_for_a_notice(offer_agreement, notice_for, luchtvaart,
                                                     school_rep):  # fmt: skip
    # A notice carries no intake numbers, so a cap cannot be checked against it.
    offer_agreement("intake_cap", qualifications=[luchtvaart], intake_cap=40)
    services.submit_notice(actor=school_rep, notice=notice_for(luchtvaart))
    assert not NoticeConflict.objects.exists()


def test_the_secretary_hears_of_a_new_and_an_at_risk_commitment(
    active, table, coordinator, school, school_rep, secretary
):
    from notifications.models import Notification

    table.sectorkamer = active.priority.revision.agenda.sectorkamer
    table.save()
    commitment = services.create_agreement(
        actor=coordinator, regional_table=table, parent=active, owner=school,
        **{**SMART, "level": "regional", "title": "Twentse leerbanen"},
    )  # fmt: skip
    told = Notification.objects.filter(recipient=secretary, title__contains="Twentse")
    assert [n.title for n in told] == [
        "Afspraak 'Twentse leerbanen': vastgelegd door een regionale tafel onder uw sectorafspraak"
    ]
    own = services.create_agreement(
        actor=coordinator, regional_table=table, owner=school, level="regional",
        category="internships", title="Eigen toezegging",
    )  # fmt: skip
    assert told.count() == 1 and own.parent_id is None  # the table's own: not the secretary's
    services.set_parties(actor=coordinator, agreement=commitment,
                         parties=[(school, "responsible")])  # fmt: skip
    services.propose_agreement(actor=coordinator, agreement=commitment)
    services.accept_agreement(actor=school_rep, agreement=commitment)
    services.report_progress(
        actor=school_rep, agreement=commitment, period_start=SMART["start_date"],
        period_end=SMART["start_date"], value=Decimal("110"), status="on_track",
    )  # fmt: skip
    assert told.filter(title__contains="risico").count() == 0
    services.report_progress(
        actor=school_rep, agreement=commitment, period_start=SMART["start_date"],
        period_end=SMART["start_date"], value=Decimal("100"), status="at_risk",
    )  # fmt: skip
    assert told.filter(title__contains="risico").count() == 1
