"""Scale data of the notifications app (notification preferences and the notifications people
received): one part of ``kansrijk_site.scale``'s generator, written through ``core.seeding``."""

import bisect
import datetime
import itertools
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import (
    Notification,
    NotificationPreference,
)


class NotificationsScale:
    """The notifications part of the scale generator: a mixin of
    ``kansrijk_site.scale.ScaleGenerator``, whose helpers and shared state it uses."""

    def make_preferences(self):
        table = self.table(NotificationPreference, with_pk=False)
        self.channels = {}
        kinds = ["reminder", "agenda", "agreement", "notice", "arbitration"]
        for user in self.users.values():
            if self.rng.random() >= 0.15:
                continue
            for kind in self.rng.sample(kinds, self.randint(1, 3)):
                options = ["daily", "weekly"] + ([] if kind == "arbitration" else ["off"])
                channel = self.pick(options)
                table.add(user_id=user.id, kind=kind, channel=channel)
                self.channels[(user.id, kind)] = channel

    def make_notifications(self):
        rng, tz = self.rng, self.tz
        n = self.n("notifications")
        table = self.table(Notification, with_pk=False)
        # what each role hears about
        revisions_by_kamer = defaultdict(list)
        for rev in self.revisions:
            revisions_by_kamer[rev.kamer].append(rev)
        abbreviation = {k.pk: k.abbreviation for k in self.kamers}
        sector_by_kamer = defaultdict(list)
        for a in self.sector_agreements:
            sector_by_kamer[a.kamer].append(a)
        by_table = defaultdict(list)
        for a in self.commitments:
            by_table[a.table].append(a)
        by_party = defaultdict(list)
        for a in self.agreements:
            for org, _role in a.party_orgs:
                by_party[org].append(a)
        conflicts_by_school = defaultdict(list)
        conflicts_by_kamer = defaultdict(list)
        for notice in self.notices:
            if notice.conflicts:
                conflicts_by_school[notice.school].append(notice)
                conflicts_by_kamer[notice.kamer].append(notice)
        dossiers_by_user = defaultdict(list)
        for d in self.dossiers:
            if d.reference is None:
                continue
            people = set(self.secretariat)
            people.update(m.arbiter.user for m in d.panel if m.replaced is None)
            for org, _side in d.parties:
                people.update(self.reps[org])
            for user in people:
                dossiers_by_user[user].append(d)
        years = [self.year - 2, self.year - 1, self.year]

        def menu(user):
            """What ``user`` hears about: (what, pool) pairs, some twice (more often)."""
            found = []
            for role, scope in user.roles:
                kamer = scope.get("sectorkamer_id")
                if role in ("sectorkamer_secretary", "sectorkamer_member", "board_member"):
                    kamers = [kamer] if kamer else [k.pk for k in self.kamers]
                    revs = [r for k in kamers for r in revisions_by_kamer[k]]
                    found.append(("revision", revs))
                if role == "sectorkamer_secretary":
                    found += [("agreement", sector_by_kamer[kamer])] * 2
                    found.append(("agreement_reminder", sector_by_kamer[kamer]))
                    found.append(("conflict", conflicts_by_kamer[kamer]))
                elif role in ("table_coordinator", "table_member"):
                    found.append(("agreement", by_table[scope["regional_table_id"]]))
                    found.append(("agreement_reminder", by_table[scope["regional_table_id"]]))
                elif role == "organisation_representative":
                    org = scope["organisation_id"]
                    found += [("agreement", by_party[org])] * 2
                    found.append(("report_reminder", by_party[org]))
                    if self.org_by_id[org].kind == "mbo_institution":
                        found.append(("notice_cycle", years))
                        found.append(("conflict", conflicts_by_school[org]))
            if dossiers_by_user.get(user.id):
                found += [("dossier", dossiers_by_user[user.id])] * 2
            return [(what, pool) for what, pool in found if pool] or [("notice_cycle", years)]

        weights = {
            "sectorkamer_secretary": 6, "board_member": 3, "table_coordinator": 4,
            "arbitration_secretariat": 3, "organisation_representative": 2, "table_member": 1,
            "sectorkamer_member": 1, "arbiter": 1,
        }  # fmt: skip
        people = [u for u in self.users.values() if u.roles]
        menus = {u.id: menu(u) for u in people}
        cumulative = list(
            itertools.accumulate(max(weights[r] for r, _s in u.roles) for u in people)
        )
        total_weight = cumulative[-1]
        # the product's own (Dutch) texts, translated once
        url = self.urls
        agreement_url, revision_url = url["agreements:detail"], url["agendas:revision_detail"]
        notice_url, dossier_url = url["agreements:notice_detail"], url["arbitration:dossier_detail"]
        agreement_events = list({
            "proposed": _("proposed to your organisation"), "accepted": _("accepted"),
            "declined": _("declined"), "activated": _("active: all parties accepted"),
        }.items())  # fmt: skip
        revision_events = list({
            "submitted": _("submitted"), "adopted": _("adopted by the sectorkamer"),
            "ratified": _("ratified by the SBB board"), "returned": _("returned to draft"),
        }.items())  # fmt: skip
        dossier_labels = self.dossier_labels  # from the composition root: the states' names
        text = {
            "agenda": _("Agenda %(s)s %(year)s: %(event)s"),
            "agreement": _("Agreement '%(title)s': %(event)s"),
            "report": _("A progress report on '%(title)s' is due"),
            "due": _("Agreement '%(title)s' is due"),
            "conflict": _("The notice for %(name)s conflicts with an agreement"),
            "dossier": _("Dossier %(reference)s: %(what)s"),
            "notices": _(
                "Start/stop notices for the study years ahead are due by 31 January %(year)s"
            ),
            "overdue": _("Overdue since %(day)s: %(title)s"),
            "today": _("Today is the last day: %(title)s"),
            "left": ngettext(
                "%(days)s day left (until %(day)s): %(title)s",
                "%(days)s days left (until %(day)s): %(title)s",
                2,
            ),
            "left_one": ngettext(
                "%(days)s day left (until %(day)s): %(title)s",
                "%(days)s days left (until %(day)s): %(title)s",
                1,
            ),
        }
        offsets = {
            kind: self.offsets.get(kind) or ["-14"]
            for kind in ("agreement", "progress_report", "notice_cycle")
        }
        pick = self.pick

        def reminder_title(title, due, offset, created):
            if offset.startswith("+"):
                return text["overdue"] % {"day": due, "title": title}
            days = (due - created.astimezone(tz).date()).days
            if days <= 0:
                return text["today"] % {"title": title}
            template = text["left_one"] if days == 1 else text["left"]
            return template % {"days": days, "day": due, "title": title}

        def event(user, created):
            """(kind, key, title, url, deadline) of one thing ``user`` hears about."""
            what, pool = pick(menus[user.id])
            item = pick(pool)
            if what == "revision":
                name, label = pick(revision_events)
                title = text["agenda"] % {
                    "s": abbreviation[item.kamer], "year": item.year, "event": label
                }  # fmt: skip
                key = f"event:revision:{item.id}:{name}:{created.isoformat()}"
                return "agenda", key, title, revision_url.format(item.id), None
            if what == "agreement":
                name, label = pick(agreement_events)
                title = text["agreement"] % {"title": item.title, "event": label}
                key = f"event:agreement:{item.id}:{name}:{created.isoformat()}"
                return "agreement", key, title, agreement_url.format(item.id), None
            if what in ("agreement_reminder", "report_reminder"):
                if what == "report_reminder":
                    source = f"report:{item.id}"
                    title = text["report"] % {"title": item.title}
                    offset = pick(offsets["progress_report"])
                else:
                    source = f"agreement:{item.id}"
                    title = text["due"] % {"title": item.title}
                    offset = pick(offsets["agreement"])
                due = item.deadline
                return (
                    "reminder",
                    f"reminder:{source}:{due.isoformat()}:{offset}",
                    reminder_title(title, due, offset, created),
                    agreement_url.format(item.id),
                    due,
                )
            if what == "conflict":
                title = text["conflict"] % {"name": self.qual_by_id[item.qual].name}
                key = f"event:notice:{item.id}:conflict"
                return "notice", key, title, notice_url.format(item.id), None
            if what == "dossier":
                state = pick(item.plan["path"])
                title = text["dossier"] % {
                    "reference": item.reference, "what": dossier_labels[state]
                }  # fmt: skip
                key = f"event:dossier:{item.id}:{state}:{created.isoformat()}"
                return "arbitration", key, title, dossier_url.format(item.id), None
            due = datetime.date(item, 1, 31)
            offset = pick(offsets["notice_cycle"])
            return (
                "reminder",
                f"reminder:notices:{item}:{due.isoformat()}:{offset}",
                reminder_title(text["notices"] % {"year": item}, due, offset, created),
                url["notice_list"],
                due,
            )

        seen = set()
        made = attempts = 0
        now, random = self.now, rng.random
        timedelta = datetime.timedelta
        while made < n and attempts < n * 3:
            attempts += 1
            user = people[bisect.bisect_right(cumulative, random() * total_weight)]
            age = min(720.0, rng.expovariate(1 / 120))
            created = now - timedelta(days=age)
            kind, key, title, link, deadline = event(user, created)
            if (user.id, key) in seen:
                continue
            seen.add((user.id, key))
            made += 1
            read_at = None
            if random() < (0.85 if age > 14 else 0.4):
                read_at = min(now, created + timedelta(hours=0.1 + random() * 240))
            channel = self.channels.get((user.id, kind), "immediate")
            attempts_made, emailed = 0, None
            if channel == "off":
                status = "off"
            elif channel in ("daily", "weekly"):
                status = "in_digest"
                emailed = min(now, created + timedelta(days=1 if channel == "daily" else 7))
            elif random() < 0.03:
                status, attempts_made = "failed", 6
            else:
                status, attempts_made = "sent", 1 if random() < 0.97 else 2
                emailed = min(now, created + timedelta(seconds=5 + random() * 900))
            table.add(
                recipient_id=user.id,
                kind=kind,
                key=key[:200],
                title=title[:255],
                url=link,
                deadline=deadline,
                late=kind == "reminder" and random() < 0.05,
                created_at=created,
                read_at=read_at,
                email_status=status,
                attempts=attempts_made,
                emailed_at=emailed,
            )
        # in the order they were written, as in a real database
        created_at = table.names.index("created_at")
        table.rows.sort(key=lambda row: row[created_at])
