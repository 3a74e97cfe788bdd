"""After-commit events: handlers run once the act has committed, never for a rolled-back act."""

import pytest
from django.db import transaction

from xarxa.core import events


@pytest.fixture
def heard():
    calls = []

    def handler(**payload):
        calls.append(payload)

    events.subscribe("test.happened", handler)
    yield calls
    events._handlers["test.happened"].remove(handler)


@pytest.mark.django_db(transaction=True)
def test_handlers_run_after_commit_and_not_for_a_rolled_back_act(heard):
    with transaction.atomic():
        events.announce("test.happened", n=1)
        assert heard == []  # not yet: the act has not committed
    assert heard == [{"n": 1}]
    with pytest.raises(RuntimeError), transaction.atomic():
        events.announce("test.happened", n=2)
        raise RuntimeError("the act failed")
    assert heard == [{"n": 1}]


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_is_logged_and_the_others_still_run(heard, caplog):
    def broken(**payload):
        raise ValueError("boom")

    events._handlers["test.happened"].insert(0, broken)
    try:
        with transaction.atomic():
            events.announce("test.happened", n=3)
    finally:
        events._handlers["test.happened"].remove(broken)
    assert heard == [{"n": 3}] and "test.happened" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_reply_notifies_no_one():
    from xarxa.accounts.tests.factories import UserFactory
    from xarxa.content import services
    from xarxa.content.tests.factories import ContentFactory
    from xarxa.notifications.models import Notification

    content = ContentFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.add_comment(UserFactory(), content, "Hola")
        raise RuntimeError("something after the reply failed")
    assert not Notification.objects.exists()
    services.add_comment(UserFactory(), content, "Hola")
    assert Notification.objects.filter(recipient=content.author).count() == 1


def test_subscribing_twice_is_once(heard):
    handler = events.subscribers("test.happened")[0]
    events.subscribe("test.happened", handler)
    assert events.subscribers("test.happened").count(handler) == 1
