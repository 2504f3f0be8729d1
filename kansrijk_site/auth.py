"""Authentication backend: Django's password check, with every permission from ``rules``.

Django's own permission tables are not used: each app's ``rules.py`` is the one place
where permissions are written, for views, API and admin alike (the ``rules`` backend
answers ``has_perm``). This backend answers no permission itself, which also saves the
two permission-table queries ModelBackend would run per request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.cache import cached


class PasswordBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        # The admin lists an app's models for SBB staff; each model's rules decide the rest.
        from regions.rules import is_sbb_staff

        return is_sbb_staff(user_obj)

    def get_user(self, user_id):
        # Every page shows the user's organisation: load it with the user. Cached across
        # requests (core.cache): saving or deleting the user, or renaming the organisation,
        # renews it (regions.services).
        user = cached("user", user_id, lambda: _load_user(user_id), timeout=USER_SECONDS)
        return user if user is not None and self.user_can_authenticate(user) else None


USER_SECONDS = 300


def _load_user(user_id):
    UserModel = get_user_model()
    try:
        return UserModel._default_manager.select_related("organisation").get(pk=user_id)
    except UserModel.DoesNotExist:
        return None
