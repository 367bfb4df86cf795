"""The referral's copies of the consent answers go, now that the consent record holds them (0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    # Apart from the data move before it: PostgreSQL refuses to alter a table in the transaction
    # that has just updated its rows (pending trigger events), going either way.
    dependencies = [
        ("referrals", "0005_merge_consent_record_screening_index"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalmastreferral",
            name="consent_decided_on",
        ),
        migrations.RemoveField(
            model_name="historicalmastreferral",
            name="consent_decision",
        ),
        migrations.RemoveField(
            model_name="historicalmastreferral",
            name="consent_explanation",
        ),
        migrations.RemoveField(
            model_name="historicalmastreferral",
            name="consent_given_by",
        ),
        migrations.RemoveField(
            model_name="historicalmastreferral",
            name="consent_method",
        ),
        migrations.RemoveField(
            model_name="historicalmastreferral",
            name="consent_not_sought_reason",
        ),
        migrations.RemoveField(
            model_name="historicalmastreferral",
            name="consent_person",
        ),
        migrations.RemoveField(
            model_name="mastreferral",
            name="consent_decided_on",
        ),
        migrations.RemoveField(
            model_name="mastreferral",
            name="consent_decision",
        ),
        migrations.RemoveField(
            model_name="mastreferral",
            name="consent_explanation",
        ),
        migrations.RemoveField(
            model_name="mastreferral",
            name="consent_given_by",
        ),
        migrations.RemoveField(
            model_name="mastreferral",
            name="consent_method",
        ),
        migrations.RemoveField(
            model_name="mastreferral",
            name="consent_not_sought_reason",
        ),
        migrations.RemoveField(
            model_name="mastreferral",
            name="consent_person",
        ),
    ]
