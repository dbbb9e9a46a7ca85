#!/usr/bin/env python
"""Django's command-line utility for newsroom."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A misconfigured environment is an operator error: one readable line, not a traceback.
        sys.exit(f"newsroom: {exc}")


if __name__ == "__main__":
    main()
