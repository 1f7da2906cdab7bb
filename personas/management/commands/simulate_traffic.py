"""``manage.py simulate_traffic``: persona shoppers browse the live shop (fills the online metrics)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from personas.simulation import traffic_simulate
from recommendations.selectors import ONLINE_DAYS, impressions_count


class Command(BaseCommand):
    help = (
        "Simulate persona shoppers visiting the shop now: rows shown, clicks that follow each persona's "
        "taste, cart adds and checkouts, all through the real services, so the dashboard's online "
        "click-through and conversion have data. Train first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sessions", type=int, default=200, help="shopper visits (default 200)")
        parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=f"only when no row was shown in the last {ONLINE_DAYS} days, the online charts' window (make demo)",
        )

    def handle(self, *args, sessions: int, seed: int, if_empty: bool, **options) -> None:
        if if_empty:
            shown = impressions_count(days=ONLINE_DAYS)
            if shown:
                self.stdout.write(
                    f"The online charts already have {shown:,} rows shown in the last {ONLINE_DAYS} days: "
                    "no simulated traffic (make traffic adds more)."
                )
                return
            self.stdout.write(
                f"No row shown in the last {ONLINE_DAYS} days: simulating shopper visits "
                "so the dashboard's online charts have data."
            )
        try:
            summary = traffic_simulate(sessions=sessions, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.sessions} sessions: {summary.rows_shown:,} rows shown, {summary.clicks:,} clicks, "
                f"{summary.add_to_carts:,} cart adds, {summary.orders:,} orders."
            )
        )
