"""``python manage.py delete_users USERNAME...``: a logged data deletion job, run in this process."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations import selectors, services
from recommendations.models import RunStatus


class Command(BaseCommand):
    help = (
        "Delete shoppers: their events, impressions and account (their orders stay, detached). They are never "
        "recommended to or learned from again; the job is logged in the admin's data deletions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="+", help="the shoppers' usernames (Personalize's userId)")

    def handle(self, *args, **options) -> None:
        names = list(dict.fromkeys(options["usernames"]))
        known = set(get_user_model().objects.filter(username__in=names).values_list("username", flat=True))
        missing = [name for name in names if name not in known]
        if missing:
            # All or none, as the API: a typo deletes nobody.
            said = [f"{n!r} (already deleted)" if selectors.user_deleted(user_id=n) else repr(n) for n in missing]
            raise CommandError(f"no such user: {', '.join(said)}; nobody was deleted")
        try:
            job = services.data_deletion_start(user_ids=names, requested_by="manage.py delete_users", synchronous=True)
        except services.DeletionRefused as exc:
            raise CommandError(str(exc)) from exc
        if job.status != RunStatus.SUCCEEDED:
            raise CommandError(f"{job} failed: {job.error}")
        counts = ", ".join(f"{n:,} {kind}" for kind, n in sorted(job.counts.items()))
        self.stdout.write(self.style.SUCCESS(f"{job} deleted {', '.join(job.deleted)}: {counts}"))
