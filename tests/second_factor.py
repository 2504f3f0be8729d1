"""Tests log people in as they are after a two-factor login.

``Client.force_login`` (pages, and ``APIClient.force_login`` for the API) is the tests' way to
be a logged-in user. For a user whose role needs a second factor, it now also gives them a
confirmed authenticator and marks the session as having shown it, as a real login through
``/accounts/tweede-factor/`` does. The tests of two-factor login itself log in through the
pages instead (``tests/site/test_two_factor.py``, the browser journeys).
"""

from django.test.client import ClientMixin

_force_login = ClientMixin.force_login


def verified_force_login(self, user, backend=None):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from regions.rules import owed_second_factor

    _force_login(self, user, backend)
    if not owed_second_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["kansrijk_second_factor"] = "enrolled"
    session.save()


def install() -> None:
    ClientMixin.force_login = verified_force_login
