import pytest

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Activity
from xarxa.activity.services import record_activity

pytestmark = pytest.mark.django_db


def test_record_activity_appends_a_row():
    actor, other = UserFactory(), UserFactory()
    activity = record_activity(actor, "followed", target_user=other)
    assert list(Activity.objects.values_list("actor", "verb", "target_user")) == [(actor.pk, "followed", other.pk)]
    assert activity.space is None


def test_unknown_verbs_are_refused():
    with pytest.raises(ValueError):
        record_activity(UserFactory(), "teleported")
    assert not Activity.objects.exists()
