"""``manage.py generate_data``: a catalogue, personas, shoppers and their history."""

from __future__ import annotations

import resource
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from personas.synthetic import CHUNK_SHOPPERS, SyntheticDataExists, synthetic_data_generate
from personas.synthetic.catalogue import NEW_ARRIVAL_DAYS, NEW_PRODUCTS_SHARE
from personas.synthetic.loader import database_has_data


class Command(BaseCommand):
    help = (
        "Generate a synthetic shop: 2,465 products in 20 categories, 16 personas, 6,000 shoppers and "
        "at least 675,000 views, add-to-carts and purchases (with their orders) over 90 days; "
        f"about {NEW_PRODUCTS_SHARE:.0%} of the products are new arrivals nobody has seen yet. "
        "The same --seed gives the same data, at any --chunk-size; --scale multiplies the shop."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=2465, help="catalogue size (default 2465)")
        parser.add_argument(
            "--users", type=int, default=6000, help="shoppers, 7 in 8 of them web shoppers (default 6000)"
        )
        parser.add_argument(
            "--interactions", type=int, default=675000, help="at least this many events (default 675000)"
        )
        parser.add_argument("--days", type=int, default=90, help="days of history (default 90)")
        parser.add_argument(
            "--new-products-share",
            type=float,
            default=NEW_PRODUCTS_SHARE,
            help=(
                f"share of the products that are new arrivals, created in the last {NEW_ARRIVAL_DAYS} days and "
                f"without any events; at least one from 50 products on, 0 for none (default {NEW_PRODUCTS_SHARE})"
            ),
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply --products, --users and --interactions, e.g. 100 for 246,500 products, "
            "600,000 shoppers and 67.5 million events (default 1)",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=CHUNK_SHOPPERS,
            help="shoppers whose events are generated and written at a time: bounds the memory, "
            f"never changes the data (default {CHUNK_SHOPPERS:,})",
        )
        parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
        parser.add_argument(
            "--end",
            type=date.fromisoformat,
            default=None,
            help="YYYY-MM-DD: history ends at 00:00 UTC that day (default today); fix it for reproducible timestamps",
        )
        parser.add_argument(
            "--reset", action="store_true", help="delete the existing catalogue, shoppers, orders and events first"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the database already has shop data (make demo)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:
        for name in ("products", "users", "interactions", "days", "seed"):
            if options[name] < 0:
                raise CommandError(f"--{name} must not be negative (got {options[name]})")
        if options["scale"] <= 0:
            raise CommandError(f"--scale must be positive (got {options['scale']})")
        if options["chunk_size"] < 1:
            raise CommandError(f"--chunk-size must be at least 1 (got {options['chunk_size']})")
        scale = options["scale"]
        if options["if_empty"] and not options["reset"] and database_has_data():
            self.stdout.write("The database already has shop data: kept it (pass --reset to regenerate).")
            return
        try:
            summary = synthetic_data_generate(
                products=round(options["products"] * scale),
                users=round(options["users"] * scale),
                interactions=round(options["interactions"] * scale),
                days=options["days"],
                seed=options["seed"],
                reset=options["reset"],
                progress=not options["no_progress"] and options["verbosity"] > 0,
                end=options["end"],
                new_products_share=options["new_products_share"],
                chunk_size=options["chunk_size"],
            )
        except SyntheticDataExists as exc:
            raise CommandError(
                "The database already has shop data (catalogue, shoppers, orders or events). "
                "Pass --reset to delete it and generate afresh."
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        events = ", ".join(f"{kind} {count:,}" for kind, count in summary.events.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.products:,} products in {summary.categories} categories "
                f"({summary.new_products:,} new in the last {NEW_ARRIVAL_DAYS} days), "
                f"{summary.personas} personas, {summary.shoppers:,} shoppers ({summary.demo_shoppers:,} demo), "
                f"{summary.interactions:,} events ({events}) and {summary.orders:,} orders "
                f"({summary.order_lines:,} lines) from {summary.start:%Y-%m-%d} to {summary.end:%Y-%m-%d} "
                f"in {summary.seconds:.1f} s."
            )
        )
        if options["verbosity"] > 1:
            for name, seconds in summary.timings.items():
                self.stdout.write(f"  {name}: {seconds:.2f} s")
        self.stdout.write(f"Peak memory: {_peak_rss_mib():,.0f} MiB.")


def _peak_rss_mib() -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
