import rules

from regions.rules import is_sbb_staff

for model in ("workerheartbeat", "notification", "deliverylog", "digest"):
    rules.add_perm(f"notifications.view_{model}", is_sbb_staff)
for model in ("reminderoffset", "cyclemilestone"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"notifications.{action}_{model}", is_sbb_staff)
