import rules

from regions.rules import is_sbb_staff

rules.add_perm("notifications.view_workerheartbeat", is_sbb_staff)
rules.add_perm("notifications.delete_workerheartbeat", is_sbb_staff)
