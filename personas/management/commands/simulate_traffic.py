"""``manage.py simulate_traffic``: persona shoppers browse the live shop (fills the online metrics)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from personas.simulation import traffic_simulate


class Command(BaseCommand):
    help = (
        "Simulate persona shoppers visiting the shop now: rows shown, clicks that follow each persona's "
        "taste, cart adds and checkouts, all through the real services, so the dashboard's online "
        "click-through and conversion have data. Train first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sessions", type=int, default=200, help="shopper visits (default 200)")
        parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")

    def handle(self, *args, sessions: int, seed: int, **options) -> None:
        try:
            summary = traffic_simulate(sessions=sessions, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.sessions} sessions: {summary.rows_shown} rows shown, {summary.clicks} clicks, "
                f"{summary.add_to_carts} cart adds, {summary.orders} orders."
            )
        )
