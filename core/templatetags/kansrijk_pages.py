"""Template helpers for the page frame: the breadcrumb trail above a page's heading."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("core/breadcrumbs.html")
def breadcrumbs(*parts, root="", root_url="home"):
    """The trail from the home page to this page: ``parts`` are label, target pairs, where a
    target is a path ("/afspraken/12/"), a URL name without arguments ("agreements:board"),
    or empty for the current page (the last pair; it is not a link). The trail starts at
    Start, or at ``root`` (a label) and ``root_url`` (a URL name), such as the public
    register's own home."""
    if len(parts) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label, target pairs")
    trail = [{"label": root or _("Start"), "url": reverse(root_url)}]
    for label, target in zip(parts[::2], parts[1::2], strict=True):
        if target and not str(target).startswith("/"):
            target = reverse(target)
        trail.append({"label": label, "url": target or ""})
    return {"trail": trail}
