#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xarxa.settings")
    # Commands that only read or write source files (never serve, sign or send) may run
    # without a SECRET_KEY, so a checkout can be checked without production secrets.
    if sys.argv[1:2] and sys.argv[1] in {"makemigrations", "makemessages", "compilemessages"}:
        os.environ.setdefault("XARXA_OFFLINE_COMMAND", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
