"""Shoppers as arrays: 7 in 8 are web shoppers with a persona, the rest shop at the convenience store."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from faker import Faker

from personas.models import DiscountAttitude

from .catalogue import GENDER_F, GENDER_M
from .persona_specs import PERSONAS

ATTITUDES: tuple[str, ...] = tuple(DiscountAttitude.values)
_NOT_USERNAME = re.compile(r"[^a-z0-9]")


@dataclass
class Shoppers:
    persona: np.ndarray  # index into PERSONAS, -1 for convenience-store shoppers
    gender: np.ndarray  # GENDER_F / GENDER_M
    age: np.ndarray
    attitude: np.ndarray  # index into ATTITUDES
    username: list[str]
    first_name: list[str]
    last_name: list[str]
    joined_at: np.ndarray  # epoch seconds

    def __len__(self) -> int:
        return len(self.persona)

    @property
    def is_web(self) -> np.ndarray:
        return self.persona >= 0


def web_shopper_count(users: int) -> int:
    """The reference's 5,250 web to 750 store shoppers, kept at any scale."""
    return round(users * 7 / 8)


def shoppers_build(*, rng: np.random.Generator, fake: Faker, users: int, window_start: int) -> Shoppers:
    web = web_shopper_count(users)
    # Equal persona groups (shuffled) rather than independent draws: every persona gets its share.
    persona = np.concatenate([rng.permutation(np.arange(web) % len(PERSONAS)), np.full(users - web, -1)])
    gender = np.where(rng.random(users) < 0.5, GENDER_F, GENDER_M).astype(np.int8)
    age = np.clip(np.round(rng.normal(32, 15, users)), 18, 100).astype(np.int64)
    # Half the shoppers share their persona's attitude to discounts, the rest vary.
    persona_attitude = np.array([ATTITUDES.index(p.discount_attitude) for p in PERSONAS])
    attitude = rng.integers(0, len(ATTITUDES), users)
    inherit = (persona >= 0) & (rng.random(users) < 0.5)
    attitude[inherit] = persona_attitude[persona[inherit]]

    first_names, last_names, usernames = [], [], []
    for index, g in enumerate(gender):
        first = fake.first_name_female() if g == GENDER_F else fake.first_name_male()
        last = fake.last_name()
        first_names.append(first)
        last_names.append(last)
        # The index makes the name unique; it is the same for the same seed.
        usernames.append(f"{_NOT_USERNAME.sub('', first.lower())}.{_NOT_USERNAME.sub('', last.lower())}{index + 1}")
    joined_at = window_start - rng.integers(86400, 2 * 365 * 86400, users)
    return Shoppers(
        persona=persona.astype(np.int64),
        gender=gender,
        age=age,
        attitude=attitude.astype(np.int64),
        username=usernames,
        first_name=first_names,
        last_name=last_names,
        joined_at=joined_at.astype(np.int64),
    )
