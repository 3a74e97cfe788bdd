"""No cell of a CSV file the site writes can run as a spreadsheet formula."""

import csv
import io

import pytest

from xarxa.core import csvfiles


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1", "\uff1dHYPERLINK()",
                                  "\uff0b1", "\uff0d1", "\uff20A1"])
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(text):
    [[cell]] = list(csv.reader(io.StringIO(csvfiles.line([text]), newline="")))
    assert cell == "'" + text


def test_ordinary_cells_and_numbers_are_unchanged():
    assert csvfiles.line(["Ana", "a-b", -3, 2.5, None, True]) == "Ana,a-b,-3,2.5,,True\r\n"
