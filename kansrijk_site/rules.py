"""Permissions on the third-party models the site uses (the history logs)."""

import rules

from regions.rules import is_sbb_staff

rules.add_perm("django_fsm_log.view_statelog", is_sbb_staff)

for model in ("accessattempt", "accessfailurelog", "accesslog"):
    rules.add_perm(f"axes.view_{model}", is_sbb_staff)
    rules.add_perm(f"axes.delete_{model}", is_sbb_staff)
