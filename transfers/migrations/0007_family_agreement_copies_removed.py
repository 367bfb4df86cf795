"""The transfer's copies of the family's agreement go, now that the consent record holds it (0006)."""

from django.db import migrations


class Migration(migrations.Migration):
    # Apart from the data move before it: PostgreSQL refuses to alter a table in the transaction
    # that has just updated its rows (pending trigger events), going either way.
    dependencies = [
        ("transfers", "0006_family_agreement_kept_on_the_consent_record"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="cintransfer",
            name="agreement_given_by",
        ),
        migrations.RemoveField(
            model_name="cintransfer",
            name="agreement_method",
        ),
        migrations.RemoveField(
            model_name="cintransfer",
            name="agreement_on",
        ),
        migrations.RemoveField(
            model_name="cintransfer",
            name="agreement_person",
        ),
        migrations.RemoveField(
            model_name="historicalcintransfer",
            name="agreement_given_by",
        ),
        migrations.RemoveField(
            model_name="historicalcintransfer",
            name="agreement_method",
        ),
        migrations.RemoveField(
            model_name="historicalcintransfer",
            name="agreement_on",
        ),
        migrations.RemoveField(
            model_name="historicalcintransfer",
            name="agreement_person",
        ),
    ]
