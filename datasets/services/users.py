"""Users: records typed by the users schema, upserted onto shoppers and their profiles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from datasets.services.records import users_ensure
from personas.models import DiscountAttitude, Persona, ShopperProfile
from recommendations.schemas import USER_COLUMNS, DatasetSchema

MAX_AGE = 150


def user_record(schema: DatasetSchema, values: Mapping[str, object]) -> dict[str, object]:
    """``values`` (field key -> CSV text or JSON value) typed by the users schema and checked against
    the profile columns they land in; ValueError names the field and the problem."""
    record: dict[str, object] = {}
    for key, given in values.items():
        field = schema.field(key)
        if field is None:
            raise ValueError(f"{key} is not a field of the users schema ({', '.join(schema.names)})")
        if field.key == "USER_ID":
            continue
        value = field.parse(given) if isinstance(given, str) else field.value(given)
        key = field.key
        if key in ("GENDER", "DISCOUNT_ATTITUDE", "PERSONA") and isinstance(value, list):
            raise ValueError(f"{key} takes one value, not {len(value)}")
        if key == "AGE" and value is not None and not 0 <= int(value) <= MAX_AGE:  # type: ignore[arg-type]
            raise ValueError(f"AGE {value} is not from 0 to {MAX_AGE}")
        if key == "GENDER":
            value = str(value or "").upper()
            if value not in ("", *ShopperProfile.Gender.values):
                raise ValueError(f"GENDER must be F, M or empty, not {value!r}")
        if key == "DISCOUNT_ATTITUDE" and value and value not in DiscountAttitude.values:
            raise ValueError(f"DISCOUNT_ATTITUDE must be one of {', '.join(DiscountAttitude.values)}, not {value!r}")
        record[key] = value
    return record


def _personas(records: Sequence[tuple[str, dict[str, object]]]) -> dict[str, Persona]:
    slugs = {str(r["PERSONA"]) for _, r in records if r.get("PERSONA")}
    found = {p.slug: p for p in Persona.objects.filter(slug__in=slugs)} if slugs else {}
    unknown = sorted(slugs - found.keys())
    if unknown:
        raise ValueError(f"PERSONA names no persona: {', '.join(unknown[:5])}")
    return found


def unknown_personas(slugs: set[str]) -> set[str]:
    return slugs - set(Persona.objects.filter(slug__in=slugs).values_list("slug", flat=True)) if slugs else set()


_UPDATED = ["age", "gender", "discount_attitude", "persona", "metadata"]


def users_apply(records: Sequence[tuple[str, dict[str, object]]], *, clear_others: bool = False) -> tuple[int, int]:
    """Upsert shoppers from typed records (``user_record``) in one transaction, creating the users the
    shop does not know; returns (users written, users created). A field a record does not name is left
    as it was; a None empties it. ``clear_others``: profiles no record names lose their schema metadata."""
    with transaction.atomic():
        personas = _personas(records)
        ids, created = users_ensure(name for name, _ in records)
        wanted = list({ids[name] for name, _ in records})
        profiles: dict[int, ShopperProfile] = {}
        for start in range(0, len(wanted), 1000):
            for profile in ShopperProfile.objects.filter(user_id__in=wanted[start : start + 1000]):
                profiles[profile.user_id] = profile
        new = [ShopperProfile(user_id=pk, metadata={}) for pk in wanted if pk not in profiles]
        ShopperProfile.objects.bulk_create(new, batch_size=2000)
        for profile in ShopperProfile.objects.filter(user_id__in=[p.user_id for p in new]) if new else []:
            profiles[profile.user_id] = profile
        for name, record in records:
            profile = profiles[ids[name]]
            metadata = dict(profile.metadata or {})
            for key, value in record.items():
                if key == "AGE":
                    profile.age = value  # type: ignore[assignment]
                elif key == "GENDER":
                    profile.gender = str(value or "")
                elif key == "DISCOUNT_ATTITUDE":
                    profile.discount_attitude = str(value or "")
                elif key == "PERSONA":
                    profile.persona = personas.get(str(value)) if value else None
                elif key not in USER_COLUMNS:
                    if value is None:
                        metadata.pop(key, None)
                    else:
                        metadata[key] = value
            profile.metadata = metadata
        ShopperProfile.objects.bulk_update(list(profiles.values()), _UPDATED, batch_size=2000)
        if clear_others:
            kept = set(profiles)
            others = [pk for pk in ShopperProfile.objects.exclude(metadata={}).values_list("user_id", flat=True)]
            others = [pk for pk in others if pk not in kept]
            for start in range(0, len(others), 1000):
                ShopperProfile.objects.filter(user_id__in=others[start : start + 1000]).update(metadata={})
    return len(records), created
