"""A referrer refers a child whose record is held by another team, found by the exact details they
typed (an NHS number, or a first name, last name and date of birth): the referral is made and sent,
and the referrer is never shown the record (DESIGN §4 referrals, §5 access)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal import selectors as core_selectors
from portal.models import Person, Relationship
from portal.services import PersonDetails, RelationshipDetails
from referrals import rules, selectors, services
from referrals.models import MastReferral
from sharing.models import ConsentRecord
from tests.factories import make_child, next_nhs_number, relate
from tests.helpers import client_for
from tests.referrals.factories import CONCERN, FAMILY_NOT_TOLD, fill, start
from tests.referrals.pages import CONCERN_POST, FAMILY_POST, consent_post, status

BORN = date(2024, 1, 2)
SECRET_ADDRESS = "1 Hidden Lane"


@pytest.fixture
def held(setup):
    """A Child in Need held by the north CIN team: the health visitor cannot see it."""
    child = make_child(
        worker=setup.north.social_worker,
        team=setup.north.cin,
        first_name="Hidden",
        last_name="Zedd",
        date_of_birth=BORN,
        address=SECRET_ADDRESS,
    )
    mother = Person.objects.create(first_name="Recorded", last_name="Mother")
    relate(child, mother, has_parental_responsibility=True)
    return child


@pytest.fixture
def draft(setup):
    return start(setup.health_visitor)


def child_post(setup, **overrides) -> dict:
    data = {
        "first_name": "Someone",
        "last_name": "Else",
        "date_of_birth_0": "",
        "date_of_birth_1": "",
        "date_of_birth_2": "",
        "nhs_number": "",
        "local_authority": setup.north.org.pk,
        "whereabouts_known": "yes",
        "tier": "2",
        "team": setup.health_team.pk,
    }
    data.update(overrides)
    return data


def born(value: date) -> dict:
    return {"date_of_birth_0": str(value.day), "date_of_birth_1": str(value.month), "date_of_birth_2": str(value.year)}


def match_post(child, **typed) -> dict:
    data = {
        "child": str(child.pk),
        "nhs_number": "",
        "first_name": "",
        "last_name": "",
        "date_of_birth_0": "",
        "date_of_birth_1": "",
        "date_of_birth_2": "",
    }
    data.update(typed)
    return data


def record_details_absent(content: str, child) -> None:
    for secret in (child.last_name, SECRET_ADDRESS, "Recorded Mother", "Recorded"):
        assert secret not in content, secret


def test_a_health_visitor_refers_a_child_held_by_another_team_by_nhs_number(setup, held, draft):
    hv = client_for(setup.health_visitor)
    assert status(setup.health_visitor, held.get_absolute_url()) == 404

    typed = child_post(setup, nhs_number=held.nhs_number)
    content = hv.post(reverse("referrals:step_child_new", args=[draft.pk]), typed).content.decode()
    assert "A record held by Children in Need, North Council matches the details you entered" in content
    record_details_absent(content, held)

    carried = {name: typed[name] for name in ("nhs_number", "first_name", "last_name")}
    response = hv.post(reverse("referrals:step_child_match", args=[draft.pk]), match_post(held, **carried))
    assert response.url == reverse("referrals:step_concern", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.child == held and draft.child_matched_on == rules.NHS_NUMBER
    assert (draft.child_given_first_name, draft.child_given_last_name) == ("Someone", "Else")

    concern = hv.get(reverse("referrals:step_concern", args=[draft.pk])).content.decode()
    assert "about Someone Else" in concern
    record_details_absent(concern, held)
    hv.post(reverse("referrals:step_concern", args=[draft.pk]), CONCERN_POST)
    hv.post(reverse("referrals:step_family", args=[draft.pk]), FAMILY_POST)
    # The parent or carer step does not list the people on a record the referrer cannot see.
    consent_page = hv.get(reverse("referrals:step_consent", args=[draft.pk])).content.decode()
    record_details_absent(consent_page, held)
    assert "give their name" in consent_page
    response = hv.post(reverse("referrals:step_consent", args=[draft.pk]), consent_post())
    assert response.url == reverse("referrals:check", args=[draft.pk])

    check = hv.get(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert "Someone Else" in check and held.nhs_number in check and "Jo Parent" in check
    assert "A record held by Children in Need, North Council matches the NHS number" in check
    record_details_absent(check, held)

    response = hv.post(reverse("referrals:check", args=[draft.pk]))
    assert response.url == reverse("referrals:sent", args=[draft.pk])
    referral = MastReferral.objects.get(pk=draft.pk)
    assert referral.status == MastReferral.Status.SUBMITTED and referral.authority == setup.north.org
    sent_page = hv.get(response.url).content.decode()
    assert referral.reference in sent_page and "Someone Else" in sent_page
    record_details_absent(sent_page, held)

    # MAST of the child's authority has it to screen, and sees the record and what the referrer gave.
    assert referral in selectors.screening_queue_for_user(user=setup.north.screener)
    mast_page = client_for(setup.north.screener).get(referral.get_absolute_url()).content.decode()
    assert "Hidden Zedd" in mast_page and "Someone Else" in mast_page
    # The decision to share is in the child's sharing log, for those who can see the child.
    log = reverse("sharing:child_log", args=[held.pk])
    decision = reverse("sharing:decision_detail", args=[referral.sharing_decision.pk])
    for user in (setup.north.social_worker, setup.north.screener):
        assert decision in client_for(user).get(log).content.decode()
    assert status(setup.south.screener, decision) == 404
    # The referrer sees what they sent and its outcome, and nothing of the record.
    referrer_page = hv.get(referral.get_absolute_url()).content.decode()
    assert referral.reference in referrer_page and "Someone Else" in referrer_page
    record_details_absent(referrer_page, held)
    # Their own sharing decision names no child they cannot see.
    decision_page = hv.get(decision)
    assert decision_page.status_code == 200
    decision_content = decision_page.content.decode()
    assert "A child whose record another team holds" in decision_content
    for secret in (held.last_name, SECRET_ADDRESS, "Recorded Mother"):
        assert secret not in decision_content, secret
    record_details_absent(hv.get(reverse("referrals:home")).content.decode(), held)
    assert status(setup.health_visitor, held.get_absolute_url()) == 404
    assert status(setup.health_visitor, log) == 404
    assert not core_selectors.child_list_for_user(user=setup.health_visitor).filter(pk=held.pk).exists()
    # The named parent is on the record now, with the consent decision recorded against them.
    consent = referral.consent_record
    assert consent.status == ConsentRecord.Status.NOT_SOUGHT and consent.given_by_person.full_name == "Jo Parent"
    assert Relationship.objects.filter(child=held, person=consent.given_by_person, recorded_by=setup.health_visitor)


def test_a_health_visitor_refers_a_child_held_by_another_team_by_name_and_date_of_birth(setup, held, draft):
    hv = client_for(setup.health_visitor)
    typed = child_post(setup, first_name="hidden", last_name="ZEDD", **born(BORN))
    content = hv.post(reverse("referrals:step_child_new", args=[draft.pk]), typed).content.decode()
    assert "A record held by Children in Need, North Council matches the details you entered" in content
    record_details_absent(content.replace("ZEDD", ""), held)
    carried = {name: typed[name] for name in ("first_name", "last_name", "date_of_birth_0", "date_of_birth_1")}
    carried["date_of_birth_2"] = typed["date_of_birth_2"]
    response = hv.post(reverse("referrals:step_child_match", args=[draft.pk]), match_post(held, **carried))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.child == held and draft.child_matched_on == rules.NAME_AND_DATE_OF_BIRTH

    # Agreement sought from a parent the record already holds under that name: no duplicate person.
    referral = fill(
        draft,
        setup.health_visitor,
        consent="given",
    )
    referral = services.referral_update(
        actor=setup.health_visitor,
        referral=referral,
        section="consent",
        changes={"consent_given_by": "parental_responsibility", "consent_person": None},
        new_consent_person=(
            PersonDetails(first_name="Recorded", last_name="Mother"),
            RelationshipDetails(kind=Relationship.Kind.MOTHER, has_parental_responsibility=True, source="person"),
        ),
    )
    referral = services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert referral.status == MastReferral.Status.SUBMITTED
    assert referral.consent_record.given_by_person.relationships.get().child == held
    assert Person.objects.filter(first_name="Recorded").count() == 1
    assert referral in selectors.screening_queue_for_user(user=setup.north.screener)
    assert status(setup.health_visitor, held.get_absolute_url()) == 404
    assert status(setup.health_visitor, referral.get_absolute_url()) == 200
    decision_url = reverse("sharing:decision_detail", args=[referral.sharing_decision.pk])
    assert (
        decision_url
        in client_for(setup.north.social_worker).get(reverse("sharing:child_log", args=[held.pk])).content.decode()
    )


def test_a_tampered_record_or_details_that_do_not_match_are_a_404(setup, held, draft):
    other = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Other", last_name="Kid")
    url = reverse("referrals:step_child_match", args=[draft.pk])
    right = {"nhs_number": held.nhs_number}
    # The details identify `held`, but the pk is another record.
    assert status(setup.health_visitor, url, "post", match_post(other, **right)) == 404
    # The pk is `held`, but the details typed are another child's or nobody's.
    assert status(setup.health_visitor, url, "post", match_post(held, nhs_number=other.nhs_number)) == 404
    assert status(setup.health_visitor, url, "post", match_post(held, nhs_number=next_nhs_number())) == 404
    assert status(setup.health_visitor, url, "post", match_post(held, first_name="Hidden", last_name="Zedd")) == 404
    assert status(setup.health_visitor, url, "post", match_post(held)) == 404
    # A name and date of birth do not match a record whose NHS number differs from the one typed.
    wrong_nhs = {"first_name": "Hidden", "last_name": "Zedd", "nhs_number": other.nhs_number, **born(BORN)}
    assert status(setup.health_visitor, url, "post", match_post(held, **wrong_nhs)) == 404
    # Never in a URL.
    assert status(setup.health_visitor, url + f"?child={held.pk}&nhs_number={held.nhs_number}") == 405
    draft.refresh_from_db()
    assert draft.child_id is None


def test_step_child_match_role_matrix(setup, held, draft):
    url = reverse("referrals:step_child_match", args=[draft.pk])
    data = match_post(held, nhs_number=held.nhs_number)
    for user in (setup.north.screener, setup.north.social_worker, setup.south.screener, setup.north.caldicott):
        assert status(user, url, "post", data) == 404, user
    assert status(setup.health_visitor, url) == 405
    assert status(setup.health_visitor, url, "post", data) == 302
    setup.health_visitor.groups.clear()
    setup.health_visitor = type(setup.health_visitor).objects.get(pk=setup.health_visitor.pk)
    assert status(setup.health_visitor, url, "post", data) == 403
    sent_referral = start(setup.north.social_worker)
    sent_url = reverse("referrals:step_child_match", args=[sent_referral.pk])
    assert status(setup.north.screener, sent_url, "post", data) == 404


def test_choosing_a_record_the_details_do_not_identify_is_refused_by_the_service(setup, held, draft):
    wrong = rules.ChildIdentity(nhs_number=next_nhs_number())
    with pytest.raises(PermissionDenied):
        services.referral_choose_matched_child(actor=setup.health_visitor, referral=draft, child=held, identity=wrong)
    with pytest.raises(PermissionDenied):
        services.referral_choose_child(actor=setup.health_visitor, referral=draft, child=held)
    assert not services.can_refer_about(setup.health_visitor, held)
    assert not services.can_refer_about(setup.health_visitor, held, referral=draft)


def test_the_consent_step_cannot_choose_a_person_on_a_hidden_record(setup, held, draft):
    identity = rules.ChildIdentity(nhs_number=held.nhs_number)
    services.referral_choose_matched_child(actor=setup.health_visitor, referral=draft, child=held, identity=identity)
    mother = Person.objects.get(first_name="Recorded")
    hv = client_for(setup.health_visitor)
    response = hv.post(
        reverse("referrals:step_consent", args=[draft.pk]), consent_post(consent_from=f"person:{mother.pk}")
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError):
        services.referral_update(
            actor=setup.health_visitor,
            referral=draft,
            section="consent",
            changes={"consent_given_by": "parental_responsibility", "consent_person": mother},
        )
    draft.refresh_from_db()
    assert draft.consent_person is None


def test_a_record_changed_since_it_was_identified_must_be_identified_again(setup, held, draft):
    identity = rules.ChildIdentity(nhs_number=held.nhs_number)
    referral = services.referral_choose_matched_child(
        actor=setup.health_visitor, referral=draft, child=held, identity=identity
    )
    referral = fill(referral, setup.health_visitor)
    held.nhs_number = next_nhs_number()
    held.save()
    with pytest.raises(ValidationError):
        services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert MastReferral.objects.get(pk=referral.pk).is_draft


def test_choosing_a_child_the_referrer_works_on_afterwards_clears_the_match(setup, held, draft):
    identity = rules.ChildIdentity(nhs_number=held.nhs_number)
    services.referral_choose_matched_child(actor=setup.health_visitor, referral=draft, child=held, identity=identity)
    own = make_child(worker=setup.health_visitor, team=setup.health_team, local_authority=setup.north.org)
    referral = services.referral_choose_child(actor=setup.health_visitor, referral=draft, child=own)
    assert not referral.child_is_matched and referral.child_given_nhs_number == ""
    referral = services.referral_update(
        actor=setup.health_visitor, referral=referral, section="concern", changes=CONCERN
    )
    referral = services.referral_update(
        actor=setup.health_visitor, referral=referral, section="family", changes=FAMILY_NOT_TOLD
    )
    assert referral.child == own
