"""A child the health visitor works on, a draft referral about them, and one sent to MAST."""

import pytest

from tests.referrals.factories import health_child, sent, start


@pytest.fixture
def child(setup):
    return health_child(setup, first_name="Ada", last_name="Referred")


@pytest.fixture
def draft(setup, child):
    return start(setup.health_visitor, child)


@pytest.fixture
def referral(setup, child):
    return sent(setup, child=child)
