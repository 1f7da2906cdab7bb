"""``python manage.py demo_staff``: the staff login `make demo` prints (admin / admin by default)."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the demo's staff superuser. Refuses when DEBUG is off."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default=os.environ.get("DEMO_STAFF_USERNAME", "admin"))
        parser.add_argument("--password", default=os.environ.get("DEMO_STAFF_PASSWORD", "admin"))

    def handle(self, *args, username: str, password: str, **options) -> None:
        if not settings.DEBUG:
            # A known password is only acceptable on a local demo.
            raise CommandError("demo_staff only runs with DJANGO_DEBUG on; use createsuperuser in production")
        user, created = get_user_model().objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{verb} staff login {username} / {password}"))
