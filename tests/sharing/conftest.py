import pytest

from tests.factories import make_child


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")
