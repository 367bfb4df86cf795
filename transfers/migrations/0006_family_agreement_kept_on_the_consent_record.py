"""Who agreed to a CIN transfer or did not, how and when, move from copies on the transfer to the
consent record it refers to (issue 10: consent capture written once, in `sharing`).

A transfer referred with the family's answer refers to the record it was recorded as: nothing to
move. A transfer with an answer and no record (a draft, or one withdrawn before referral) gets a
draft consent record holding it, as the family's agreement page now keeps it. Going back copies the
answers back and removes the drafts.
"""

from django.db import migrations

STATUS = {"agreed": "given", "refused": "refused"}


def answers_to_records(apps, schema_editor):
    CinTransfer = apps.get_model("transfers", "CinTransfer")
    ConsentRecord = apps.get_model("sharing", "ConsentRecord")
    unlinked = CinTransfer.objects.filter(consent_record__isnull=True)
    for transfer in unlinked.iterator():
        answered = (
            transfer.agreement_given_by,
            transfer.agreement_person_id,
            transfer.agreement_method,
            transfer.agreement_on,
        )
        if not any(answered):
            continue
        record = ConsentRecord.objects.create(
            child_id=transfer.child_id,
            purpose="cin_transfer",
            categories=list(transfer.information_categories or []),
            status=STATUS.get(transfer.family_agreement, ""),
            given_by=transfer.agreement_given_by,
            given_by_person_id=transfer.agreement_person_id,
            method=transfer.agreement_method,
            decided_on=transfer.agreement_on,
            recorded_by_id=transfer.created_by_id,
            recorded_at=transfer.created_at,
            is_draft=True,
        )
        transfer.consent_record_id = record.pk
        transfer.save(update_fields=["consent_record"])


def records_to_answers(apps, schema_editor):
    CinTransfer = apps.get_model("transfers", "CinTransfer")
    ConsentRecord = apps.get_model("sharing", "ConsentRecord")
    for transfer in CinTransfer.objects.filter(consent_record__isnull=False).select_related("consent_record"):
        record = transfer.consent_record
        transfer.agreement_given_by = record.given_by
        transfer.agreement_person_id = record.given_by_person_id
        transfer.agreement_method = record.method
        transfer.agreement_on = record.decided_on
        if record.is_draft:
            transfer.consent_record_id = None
        transfer.save()
    ConsentRecord.objects.filter(is_draft=True, purpose="cin_transfer").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0005_consent_drafts"),
        ("transfers", "0005_early_intervention_moves_to_their_own_app"),
    ]

    operations = [
        migrations.RunPython(answers_to_records, records_to_answers),
    ]
