"""The 16 web personas: three categories each, strongest taste first."""

from __future__ import annotations

from dataclasses import dataclass

from personas.models import DiscountAttitude

INDIFFERENT = DiscountAttitude.INDIFFERENT
ALL = DiscountAttitude.ALL_DISCOUNTS
LOWER = DiscountAttitude.LOWER_PRICED


@dataclass(frozen=True)
class PersonaSpec:
    categories: tuple[str, str, str]
    name: str
    description: str
    discount_attitude: str

    @property
    def slug(self) -> str:
        return "_".join(self.categories)


PERSONAS: tuple[PersonaSpec, ...] = (
    PersonaSpec(("furniture", "homedecor", "housewares"), "Nest builder",
                "Furnishes a room first, then fills it with lamps, cushions and good cookware.", INDIFFERENT),
    PersonaSpec(("apparel", "footwear", "accessories"), "Style seeker",
                "Puts outfits together head to toe: a jacket, the shoes to match, the bag to finish.", ALL),
    PersonaSpec(("instruments", "books", "electronics"), "Musician & reader",
                "Plays after work, reads on the train and keeps the recording gear up to date.", INDIFFERENT),
    PersonaSpec(("floral", "beauty", "jewelry"), "Thoughtful gifter",
                "Sends flowers, spoils friends with bath salts and never forgets an anniversary.", ALL),
    PersonaSpec(("groceries", "seasonal", "tools"), "Practical householder",
                "Keeps the fridge full, the holidays planned and the toolbox ready.", LOWER),
    PersonaSpec(("outdoors", "instruments", "groceries"), "Campfire musician",
                "Heads for the hills with a tent, a guitar and enough food for the weekend.", INDIFFERENT),
    PersonaSpec(("housewares", "floral", "seasonal"), "Holiday host",
                "Lays the table, picks the centrepiece and decorates for every occasion.", ALL),
    PersonaSpec(("tools", "housewares", "apparel"), "Weekend fixer",
                "Mends what breaks, cooks what's in season and wears what lasts.", LOWER),
    PersonaSpec(("electronics", "outdoors", "footwear"), "Gadget trekker",
                "Takes a camera up the trail and checks the forecast on a smartwatch.", INDIFFERENT),
    PersonaSpec(("seasonal", "furniture", "floral"), "Festive decorator",
                "Rearranges the living room for each season and dresses it in flowers.", ALL),
    PersonaSpec(("homedecor", "electronics", "outdoors"), "Connected homebody",
                "Likes a well-lit, well-wired home, and a kayak trip when the weather turns.", INDIFFERENT),
    PersonaSpec(("accessories", "groceries", "books"), "City commuter",
                "Carries a good bag, shops for dinner on the way home and reads on the bus.", LOWER),
    PersonaSpec(("footwear", "jewelry", "furniture"), "Collector of fine things",
                "Buys fewer, better things: handmade shoes, a silver cuff, a walnut sideboard.", INDIFFERENT),
    PersonaSpec(("books", "apparel", "homedecor"), "Cosy bookworm",
                "Reads under a soft lamp in a favourite cardigan, with the next book on the pile.", LOWER),
    PersonaSpec(("beauty", "accessories", "instruments"), "Stage performer",
                "Gets ready backstage with the right grooming kit, sunglasses and microphone.", ALL),
    PersonaSpec(("housewares", "tools", "beauty"), "Tidy home keeper",
                "Runs a well-kept house: sharp knives, a complete toolkit and a well-stocked bathroom.", LOWER),
)  # fmt: skip
