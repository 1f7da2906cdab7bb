import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_staff_creates_a_superuser_that_can_log_in(settings):
    settings.DEBUG = True
    call_command("demo_staff", username="boss", password="secret-pw")
    call_command("demo_staff", username="boss", password="secret-pw")  # idempotent
    user = authenticate(username="boss", password="secret-pw")
    assert user is not None and user.is_staff and user.is_superuser


def test_demo_staff_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_staff")
