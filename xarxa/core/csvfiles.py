"""Every CSV file the site writes goes through here, so no cell can run as a spreadsheet formula.

Spreadsheet programs treat a cell starting with = + - @ (and tab or carriage return, which some of them
strip first; and the full-width forms, which some of them fold) as a formula: "CSV injection". Text cells
that start so get a leading apostrophe, which the programs show as text and hide. Numbers stay numbers.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """The cell for `value`: '' for None, numbers as they are, text never readable as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Writer:
    """csv.writer whose every row is neutralised first."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, values):
        return self._writer.writerow([neutralise(value) for value in values])


def line(values) -> str:
    """One neutralised CSV line (with its line end), for files streamed a row at a time."""
    buffer = io.StringIO()
    Writer(buffer).writerow(values)
    return buffer.getvalue()
