from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from personalize.models import AccessKey
from personalize.services import access_key_secret

pytestmark = pytest.mark.django_db


def test_prints_exactly_the_two_environment_lines():
    out = StringIO()
    call_command("create_access_key", "--name", "crm", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    key_id = re.fullmatch(r"AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})", lines[0])[1]
    secret = re.fullmatch(r"AWS_SECRET_ACCESS_KEY=(\S{40})", lines[1])[1]
    key = AccessKey.objects.get(access_key_id=key_id)
    assert key.name == "crm" and key.is_active
    assert secret not in key.secret_encrypted and access_key_secret(key) == secret


def test_refuses_an_empty_name():
    with pytest.raises(CommandError, match="--name"):
        call_command("create_access_key", "--name", " ")
    assert not AccessKey.objects.exists()
