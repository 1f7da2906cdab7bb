"""The persona check: do a personal model's recommendations match each persona's taste?

Computed once per trained version, in batch, and stored on it (``ModelVersion.metrics
["persona_check"]``), so the staff dashboard only reads it. It lives with the personas because
only they know what each persona likes; recommendations sends ``model_version_trained`` and
knows nothing of personas.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model

from personas.models import Persona
from personas.selectors import demo_shopper_profiles
from recommendations import selectors as recommendation_selectors
from recommendations.artifacts import LoadedModel

METRIC = "persona_check"
SHOPPERS_PER_PERSONA = 20
TOP_K = 10


@dataclass(frozen=True)
class PersonaCheck:
    persona: str
    taste: str
    shoppers: int
    share_in_categories: float | None  # of all top-k items; None: nothing was recommended
    categories_covered: float | None  # mean number of the persona's categories in a shopper's top k
    distinct_styles: float | None = None  # mean number of styles in a shopper's top k: the row's variety
    most_of_one_style: int | None = None  # the most cards of one style in any of these rows

    @classmethod
    def from_dict(cls, data: dict) -> PersonaCheck:
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})


def persona_check_compute(
    *, loaded: LoadedModel, shoppers_per_persona: int = SHOPPERS_PER_PERSONA, k: int = TOP_K
) -> list[PersonaCheck]:
    """For each persona, how much of its demo shoppers' top ``k`` from ``loaded`` falls in its categories.

    A handful of queries whatever the number of shoppers: histories, stock and categories are
    each read once for the whole batch.
    """
    personas = list(Persona.objects.prefetch_related("persona_categories__category").order_by("name"))
    shoppers: dict[int, list[int]] = {persona.pk: [] for persona in personas}
    for persona_id, user_id in (
        demo_shopper_profiles()
        .filter(persona__in=personas)
        .order_by("persona_id", "user_id")
        .values_list("persona_id", "user_id")
    ):
        if len(shoppers[persona_id]) < shoppers_per_persona:
            shoppers[persona_id].append(user_id)
    every_user = [uid for uids in shoppers.values() for uid in uids]
    histories = recommendation_selectors.user_histories(user_ids=every_user)
    users = get_user_model().objects.in_bulk(every_user)
    facts = recommendation_selectors.candidate_facts()
    recommended = {
        uid: recommendation_selectors.user_recommendations(
            recommender=loaded.recommender,
            user=users[uid],
            num_results=k,
            history=histories[uid],
            loaded=loaded,
            facts=facts,
            explain=False,
            # The check measures the model's taste: new items mixed in would blur it.
            exploration={"exploration_weight": 0.0},
        ).product_ids
        for uid in every_user
    }
    category_of = {pid: fact.category_id for pid, fact in facts.items()}
    style_of = {pid: (fact.category_id, fact.style) for pid, fact in facts.items()}
    checks = []
    for persona in personas:
        tastes = {pc.category_id for pc in persona.persona_categories.all()}
        lists = [recommended[uid] for uid in shoppers[persona.pk] if recommended[uid]]
        items = [pid for ids in lists for pid in ids]
        inside = sum(1 for pid in items if category_of.get(pid) in tastes)
        covered = [len({category_of.get(pid) for pid in ids} & tastes) for ids in lists]
        styles = [Counter(style_of[pid] for pid in ids if pid in style_of) for ids in lists]
        checks.append(
            PersonaCheck(
                persona=persona.name,
                taste=persona.taste_label,
                shoppers=len(shoppers[persona.pk]),
                share_in_categories=round(inside / len(items), 4) if items else None,
                categories_covered=round(sum(covered) / len(covered), 2) if covered else None,
                distinct_styles=round(sum(len(c) for c in styles) / len(styles), 2) if styles else None,
                most_of_one_style=max((max(c.values()) for c in styles if c), default=None),
            )
        )
    return checks


def persona_check_as_metric(checks: list[PersonaCheck]) -> list[dict]:
    return [asdict(check) for check in checks]
