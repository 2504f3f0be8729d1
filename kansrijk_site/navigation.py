"""The site's navigation: every item names the permission it needs, so users only see
what they may open. Apps add their own entries here as they land."""

import dataclasses

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.rules import is_sbb_staff
from regions.selectors import active_roles


@dataclasses.dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None
    staff_only: bool = False

    def allowed(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.staff_only:
            return is_sbb_staff(user)
        return self.perm is None or user.has_perm(self.perm)


NAVIGATION = [
    NavItem(_("Home"), "home"),
    NavItem(_("Sectorkamers"), "agendas:sectorkamer_list", "regions.view_sectorkamer"),
    NavItem(_("Bosatlas"), "atlas:index", "atlas.view_signal"),
    NavItem(_("Ratification"), "agendas:ratification_queue", "agendas.view_ratification_queue"),
    NavItem(_("Agreements"), "agreements:board", "agreements.view_agreement"),
    NavItem(_("Monitor"), "agreements:monitor", "agreements.view_agreement"),
    NavItem(_("My school"), "agreements:school", "agreements.use_school_workspace"),
    NavItem(_("Start/stop notices"), "agreements:notice_list", "agreements.view_notices"),
    NavItem(_("Arbitration"), "arbitration:home", "arbitration.use_arbitration"),
    NavItem(_("Qualifications"), "agendas:qualification_list", "atlas.view_qualification"),
    NavItem(_("Organisations"), "regions:organisation_list", "regions.view_organisation"),
    NavItem(_("Regional tables"), "regions:table_list", "regions.view_regionaltable"),
    NavItem(
        _("Arbeidsmarktregio's"),
        "regions:region_list",
        "regions.view_arbeidsmarktregio",
    ),
    NavItem(_("API"), "api-docs"),
    NavItem(_("Administration"), "admin:index", staff_only=True),
    NavItem(_("Second factors"), "second_factor_staff", "regions.reset_second_factor"),
]


def navigation_for(user, current_path: str = "") -> list[dict]:
    """The items ``user`` may open; only the one whose path holds the page most closely is
    current (the notices under /afspraken/start-stopmeldingen/ are not also "Afspraken")."""
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": False}
        for item in NAVIGATION
        if item.allowed(user)
    ]
    holding = [i for i in items if current_path == i["url"] or (
        i["url"] != "/" and current_path.startswith(i["url"]))]  # fmt: skip
    if holding:
        max(holding, key=lambda i: len(i["url"]))["current"] = True
    return items


def destinations_for(user) -> list[dict]:
    """Where each of the user's roles leads, for the home page."""
    roles = active_roles(user)
    places = []
    for assignment in roles.assignments:
        scope = assignment.scope
        if assignment.sectorkamer_id:
            url = reverse("agendas:sectorkamer_detail", args=[assignment.sectorkamer.code])
        elif assignment.regional_table_id:
            url = reverse("regions:table_detail", args=[assignment.regional_table_id])
        elif assignment.organisation_id:
            url = reverse("regions:organisation_detail", args=[assignment.organisation_id])
        else:
            url = None
        places.append({"assignment": assignment, "scope": scope, "url": url})
    return places
