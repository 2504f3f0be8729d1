from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions, organisations and people")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import services
        from .models import Organisation, RoleAssignment, User

        for signal in (post_save, post_delete):
            signal.connect(services.forget_cached_roles, sender=RoleAssignment,
                           dispatch_uid="regions-roles")  # fmt: skip
            signal.connect(services.forget_cached_user, sender=User, dispatch_uid="regions-user")
        post_save.connect(services.forget_cached_members, sender=Organisation,
                          dispatch_uid="regions-organisation")  # fmt: skip
