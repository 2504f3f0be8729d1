#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import sys


def main():
    from kansrijk_site.settings.environment import load_settings

    # A missing or malformed variable ends the start here, with one line naming it.
    load_settings("kansrijk_site.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
