"""Permissions on the models of the ground (core) and the third-party models the site uses
(the history logs)."""

import rules

from regions.rules import is_sbb_staff

rules.add_perm("django_fsm_log.view_statelog", is_sbb_staff)

for model in ("accessattempt", "accessfailurelog", "accesslog"):
    rules.add_perm(f"axes.view_{model}", is_sbb_staff)
    rules.add_perm(f"axes.delete_{model}", is_sbb_staff)

# Retention: SBB staff set the periods in Beheer and read the runs (never change them).
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"core.{action}_retentionperiod", is_sbb_staff)
rules.add_perm("core.view_retentionrun", is_sbb_staff)
