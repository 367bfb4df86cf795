"""The retention demo: the north lead information officer finds records due for review and a
disposal certificate; the officers may open the admin; running it twice changes nothing."""

from django.urls import reverse

from retention import demo
from retention.models import DisposalCertificate, ReviewItem
from tests.helpers import client_for, demo_world


def test_records_due_for_review_a_certificate_and_running_twice_changes_nothing(db):
    world = demo_world()
    demo.seed(world)
    officer = world.users["north.infolead"]
    assert officer.is_staff
    due = ReviewItem.objects.filter(organisation=world.orgs["north"], status="due")
    assert {item.record_type for item in due} == {"referrals.no_further_action", "early_intervention.move"}
    certificate = DisposalCertificate.objects.get()
    assert certificate.count == 2 and certificate.approved_by == officer
    client = client_for(officer)
    page = client.get(reverse("retention:review")).content.decode()
    assert page.count('name="items"') == due.count()
    assert certificate.reference in client.get(reverse("retention:reports")).content.decode()

    counts = (ReviewItem.objects.count(), DisposalCertificate.objects.count())
    demo.seed(world)
    assert (ReviewItem.objects.count(), DisposalCertificate.objects.count()) == counts
