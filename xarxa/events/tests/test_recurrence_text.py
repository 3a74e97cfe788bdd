"""How a recurring event's rule reads on its page: one whole sentence, with the right plural, per language."""

import pytest
from django.utils import translation

from xarxa.events.recurrence import describe


@pytest.mark.parametrize(("rule", "english", "spanish"), [
    ("FREQ=WEEKLY;COUNT=1", "Every week, 1 time", "Cada semana, 1 vez"),
    ("FREQ=WEEKLY;COUNT=6", "Every week, 6 times", "Cada semana, 6 veces"),
    ("FREQ=MONTHLY;COUNT=3", "Every month, 3 times", "Cada mes, 3 veces"),
    ("FREQ=MONTHLY;UNTIL=20270630T235959Z", "Every month until June 30, 2027", "Cada mes hasta el 30 de junio de 2027"),
    ("FREQ=WEEKLY", "Every week", "Cada semana"),
    ("", "", ""),
])
def test_rule_reads_as_one_sentence_in_each_language(rule, english, spanish):
    with translation.override("en"):
        assert describe(rule) == english
    with translation.override("es"):
        assert describe(rule) == spanish
