"""MAST referrals that ended in no further action, for retention (issue 17): kept for a period from
the outcome, then anonymised with their screenings and the checks made while screening."""

from django.db.models import F, Q
from django.db.models.functions import TruncDate

from portal import extensions
from portal.disposal import anonymise_with_history
from referrals.models import MastReferral, Outcome, Screening, ScreeningCheck
from sharing.retention import consent_relied_on_while

RECORD_TYPE = "referrals.no_further_action"

ANONYMISED_REFERRAL = {
    "child": None,
    "child_given_first_name": "",
    "child_given_last_name": "",
    "child_given_date_of_birth": None,
    "child_given_nhs_number": "",
    "what_happened": "",
    "referrer_view": "",
    "advice_from": "",
    "child_views": "",
    "family_views": "",
    "family_told_detail": "",
    "consent_person_first_name": "",
    "consent_person_last_name": "",
}


def candidates():
    return MastReferral.objects.filter(status=MastReferral.Status.OUTCOME_RECORDED, outcome=Outcome.NO_FURTHER_ACTION)


def dispose(*, ids: list[int], reason: str) -> int:
    screenings = list(Screening.objects.filter(referral_id__in=ids).values_list("pk", flat=True))
    checks = list(ScreeningCheck.objects.filter(screening_id__in=screenings).values_list("pk", flat=True))
    anonymise_with_history(ScreeningCheck, checks, values={"contact": "", "information": ""}, reason=reason)
    anonymise_with_history(Screening, screenings, values={"reasons": ""}, reason=reason)
    return anonymise_with_history(MastReferral, ids, values=ANONYMISED_REFERRAL, reason=reason)


def register() -> None:
    # The family's agreement to a referral is kept while the referral is open.
    consent_relied_on_while(
        MastReferral, field="consent_record", open_records=~Q(status=MastReferral.Status.OUTCOME_RECORDED)
    )
    extensions.register_retention_type(
        RECORD_TYPE,
        label="MAST referral: no further action",
        candidates=candidates,
        triggers={
            "closure": TruncDate("outcome_recorded_at"),
            "date_of_birth": F("child__date_of_birth"),
            "last_activity": TruncDate("updated_at"),
        },
        organisation="authority_id",
        child="child_id",
        dispose=dispose,
    )
