"""Instrument drawings, one per kind of instrument the catalogue sells.

Instruments of one style look alike in a name ("Studio Violin", "Studio Mandolin") but not on
a shelf, so each gets its own shape: the body outline, neck, tuners and sound holes are what
tell a violin from a mandolin from a ukulele at thumbnail size.
"""

from __future__ import annotations

from .shapes import grille, keybed, piano_keys

INSTRUMENTS: dict[str, str] = {
    "guitar": (
        '<rect x="93" y="18" width="14" height="104" rx="3" fill="{wood}"/>'
        '<path d="M100 36h7M93 52h14M93 68h14M93 84h14M93 100h14" stroke="{metal}" stroke-width="1.5"/>'
        '<path d="M88 2h24a4 4 0 0 1 4 4v20a4 4 0 0 1-4 4H88a4 4 0 0 1-4-4V6a4 4 0 0 1 4-4z" fill="{dark}"/>'
        '<g fill="{metal}"><circle cx="80" cy="9" r="3.5"/><circle cx="80" cy="22" r="3.5"/>'
        '<circle cx="120" cy="9" r="3.5"/><circle cx="120" cy="22" r="3.5"/></g>'
        '<path d="M100 72c22 0 32 14 30 28-1 10-8 14-6 21 3 8 20 14 20 34 0 24-20 39-44 39s-44-15-44-39'
        'c0-20 17-26 20-34 2-7-5-11-6-21-2-14 8-28 30-28z" fill="{main}"/>'
        '<path d="M78 88c-8 10-6 22 0 30-10 10-20 18-18 36 1 10 6 18 14 24-20-8-26-30-16-44 6-8 12-12 10-20'
        '-2-6-4-16 10-26z" fill="{white}" opacity=".2"/>'
        '<circle cx="100" cy="124" r="17" fill="none" stroke="{light}" stroke-width="3"/>'
        '<circle cx="100" cy="124" r="13" fill="{ink}"/>'
        '<rect x="84" y="160" width="32" height="7" rx="2" fill="{ink}"/>'
        '<path d="M96 26V163M98.7 26V163M101.3 26V163M104 26V163" stroke="{metal}" stroke-width="1"/>'
    ),
    "drum": (
        '<path d="M30 82v68c0 18 31 32 70 32s70-14 70-32V82z" fill="{main}"/>'
        '<path d="M30 148c0 18 31 32 70 32s70-14 70-32v12c0 18-31 32-70 32s-70-14-70-32z" fill="{dark}"/>'
        '<path d="M38 100l20 62 22-54 20 62 20-62 22 54 20-62" fill="none" stroke="{white}" stroke-width="3"'
        ' stroke-linejoin="round" opacity=".75"/>'
        '<path d="M40 104v46c0 6 4 12 12 16v-56c-6-2-10-4-12-6z" fill="{white}" opacity=".2"/>'
        '<ellipse cx="100" cy="82" rx="70" ry="26" fill="{pale}" stroke="{dark}" stroke-width="6"/>'
        '<g stroke="{wood}" stroke-width="6" stroke-linecap="round"><path d="M34 34l84 44"/>'
        '<path d="M168 34l-84 44"/></g>'
    ),
    "keyboard": (
        '<path d="M46 150l-20 40M154 150l20 40M46 150l20 40M154 150l-20 40" stroke="{ink}" stroke-width="6"'
        ' stroke-linecap="round"/>'
        '<rect x="10" y="68" width="180" height="84" rx="10" fill="{main}"/>'
        '<rect x="10" y="68" width="180" height="24" rx="10" fill="{dark}"/>'
        '<g fill="{light}"><circle cx="28" cy="80" r="5"/><circle cx="44" cy="80" r="5"/>'
        '<circle cx="60" cy="80" r="5"/></g>'
        '<rect x="118" y="74" width="54" height="12" rx="3" fill="{ink}"/>'
        '<rect x="122" y="78" width="24" height="4" rx="2" fill="{pale}"/>' + piano_keys()
    ),
    "microphone": (
        '<path d="M100 128v56M70 188h60" stroke="{ink}" stroke-width="6" stroke-linecap="round"/>'
        '<path d="M62 82c0 32 16 46 38 46s38-14 38-46" fill="none" stroke="{metal}" stroke-width="6"/>'
        '<rect x="70" y="12" width="60" height="106" rx="30" fill="{main}"/>'
        '<rect x="75" y="17" width="50" height="62" rx="25" fill="{dark}"/>'
        '<path d="M80 32h40M77 44h46M77 56h46M80 68h40" stroke="{metal}" stroke-width="2" opacity=".6"/>'
        '<rect x="70" y="80" width="60" height="8" fill="{metal}"/>'
        '<path d="M78 96v14" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".3"/>'
    ),
    "trumpet": (
        '<path d="M16 94h20" stroke="{metal}" stroke-width="6"/><rect x="8" y="88" width="10" height="12" rx="2"'
        ' fill="{metal}"/>'
        '<path d="M36 94h112M36 120h112" stroke="{gold}" stroke-width="10"/>'
        '<path d="M60 94c-20 0-20 26 0 26" stroke="{gold}" stroke-width="10" fill="none"/>'
        '<path d="M146 88l42-32v102l-42-32z" fill="{gold}"/>'
        '<ellipse cx="188" cy="107" rx="8" ry="51" fill="{dark}"/>'
        '<g fill="{metal}"><rect x="80" y="72" width="10" height="58" rx="3"/><rect x="98" y="72" width="10"'
        ' height="58" rx="3"/><rect x="116" y="72" width="10" height="58" rx="3"/></g>'
        '<g fill="{main}"><circle cx="85" cy="70" r="7"/><circle cx="103" cy="70" r="7"/>'
        '<circle cx="121" cy="70" r="7"/></g>'
    ),
    "electricguitar": (
        # Solid, double-cutaway body: pickups and knobs instead of a sound hole.
        '<path d="M90 128c-4-12-14-20-22-18-8 2-8 12-4 24-12 8-20 20-18 34 2 18 20 28 46 28h16c24 0 42-12'
        ' 42-30 0-14-8-22-16-28 4-8 4-16-2-18-8-2-16 4-22 14z" fill="{main}"/>'
        '<path d="M84 132c10-6 28-6 36 2 6 14 6 30-2 42-12 6-28 6-38-2-4-14-4-28 4-42z" fill="{white}"'
        ' opacity=".85"/>'
        '<path d="M64 140c-10 8-14 18-12 30" stroke="{white}" stroke-width="4" fill="none"'
        ' stroke-linecap="round" opacity=".22"/>'
        '<rect x="94" y="22" width="12" height="122" rx="2" fill="{wood}"/>'
        '<path d="M94 38h12M94 52h12M94 66h12M94 80h12M94 94h12M94 108h12" stroke="{metal}" stroke-width="1.5"/>'
        '<path d="M94 24V6c0-4 3-6 7-6h7c5 0 6 4 4 8l-6 16z" fill="{dark}"/>'
        '<g fill="{ink}"><circle cx="90" cy="3" r="2.4"/><circle cx="90" cy="8" r="2.4"/>'
        '<circle cx="90" cy="13" r="2.4"/><circle cx="90" cy="18" r="2.4"/><circle cx="90" cy="23" r="2.4"/></g>'
        '<g fill="{ink}"><rect x="88" y="136" width="24" height="7" rx="2"/><rect x="88" y="150" width="24"'
        ' height="7" rx="2"/><rect x="88" y="164" width="24" height="7" rx="2"/></g>'
        '<rect x="86" y="177" width="28" height="6" rx="2" fill="{metal}"/>'
        '<g fill="{metal}" stroke="{dark}" stroke-width="1.5"><circle cx="132" cy="168" r="4.5"/>'
        '<circle cx="138" cy="180" r="4.5"/></g>'
        '<path d="M96.5 8V180M99 8V180M101.5 8V180M104 8V180" stroke="{pale}" stroke-width=".9"/>'
    ),
    "bassguitar": (
        # A long neck, four heavy strings and four big tuners on an offset body with one long horn.
        '<path d="M92 140c-4-14-12-26-22-28-8 0-8 12-4 26-10 8-16 18-14 30 2 16 18 26 40 26h14c22 0 36-10'
        ' 36-26 0-12-6-18-12-22 2-6 0-12-6-12-8 0-14 4-18 8z" fill="{main}"/>'
        '<path d="M106 140c10 2 18 12 18 24s-8 22-20 24c-2-16 0-34 2-48z" fill="{ink}" opacity=".75"/>'
        '<rect x="95" y="16" width="10" height="138" rx="2" fill="{wood}"/>'
        '<path d="M95 34h10M95 50h10M95 66h10M95 82h10M95 98h10M95 114h10M95 130h10" stroke="{metal}"'
        ' stroke-width="1.5"/>'
        '<path d="M95 18V4c0-3 2-4 5-4h8c4 0 5 3 3 6l-7 12z" fill="{dark}"/>'
        '<g fill="{ink}"><path d="M94 2h-8a3 3 0 0 0 0 6h8z"/><path d="M94 10h-8a3 3 0 0 0 0 6h8z"/>'
        '<path d="M108 4h8a3 3 0 0 1 0 6h-8z"/><path d="M104 12h8a3 3 0 0 1 0 6h-8z"/></g>'
        '<rect x="88" y="158" width="24" height="9" rx="3" fill="{ink}"/>'
        '<rect x="87" y="180" width="26" height="6" rx="2" fill="{metal}"/>'
        '<path d="M97 6V183M99.3 6V183M101.6 6V183M103.9 6V183" stroke="{pale}" stroke-width="1.4"/>'
    ),
    "ukulele": (
        # Small figure-of-eight body, short neck, four strings, tuners two a side.
        '<path d="M100 100c15 0 22 10 21 19-1 7-5 10-4 14 2 6 14 10 14 24 0 17-14 28-31 28s-31-11-31-28'
        'c0-14 12-18 14-24 1-4-3-7-4-14-1-9 6-19 21-19z" fill="{main}"/>'
        '<path d="M84 112c-4 6-2 14 2 18-8 6-14 12-12 24" stroke="{white}" stroke-width="4" fill="none"'
        ' stroke-linecap="round" opacity=".22"/>'
        '<rect x="95" y="40" width="10" height="80" rx="2" fill="{wood}"/>'
        '<path d="M95 52h10M95 62h10M95 72h10M95 82h10M95 92h10M95 102h10" stroke="{metal}" stroke-width="1.5"/>'
        '<path d="M90 16l5 4 5-4 5 4 5-4-2 28H92z" fill="{dark}"/>'
        '<g fill="{metal}"><circle cx="85" cy="26" r="3.5"/><circle cx="85" cy="37" r="3.5"/>'
        '<circle cx="115" cy="26" r="3.5"/><circle cx="115" cy="37" r="3.5"/></g>'
        '<circle cx="100" cy="134" r="10" fill="{ink}"/>'
        '<circle cx="100" cy="134" r="13" fill="none" stroke="{light}" stroke-width="2"/>'
        '<rect x="87" y="161" width="26" height="6" rx="2" fill="{ink}"/>'
        '<path d="M96.5 22V164M99 22V164M101.5 22V164M104 22V164" stroke="{pale}" stroke-width="1"/>'
    ),
    "violin": (
        # Waisted body with corners and f-holes, a scroll, a black fingerboard, and its bow alongside.
        '<path d="M160 10l14 178" stroke="{wood}" stroke-width="3.5" stroke-linecap="round"/>'
        '<path d="M154 16l13 164" stroke="{pale}" stroke-width="2"/>'
        '<rect x="163" y="172" width="12" height="16" rx="2" fill="{ink}" transform="rotate(-4 169 180)"/>'
        '<path d="M100 84c18 0 32 8 32 22 0 8-6 12-10 14-4 6-4 16 0 22 8 4 16 14 16 28 0 16-16 26-38 26'
        's-38-10-38-26c0-14 8-24 16-28 4-6 4-16 0-22-4-2-10-6-10-14 0-14 14-22 32-22z" fill="{main}"'
        ' stroke="{dark}" stroke-width="2.5"/>'
        '<path d="M80 96c-4 4-4 10 0 14M74 156c-2 8 2 20 10 26" stroke="{white}" stroke-width="4" fill="none"'
        ' stroke-linecap="round" opacity=".25"/>'
        '<g fill="none" stroke="{ink}" stroke-width="2.5" stroke-linecap="round"><path d="M84 132c-6 6 4 14-2 22"/>'
        '<path d="M116 132c6 6-4 14 2 22"/></g>'
        '<path d="M96 26h8l3 126h-14z" fill="{ink}"/>'
        '<rect x="95" y="12" width="10" height="18" rx="2" fill="{dark}"/>'
        '<circle cx="100" cy="8" r="7" fill="{dark}"/>'
        '<path d="M100 8m-3 0a3 3 0 1 1 3 3" stroke="{light}" stroke-width="1.5" fill="none"/>'
        '<g fill="{ink}"><rect x="86" y="14" width="9" height="4" rx="2"/><rect x="105" y="18" width="9" height="4"'
        ' rx="2"/><rect x="86" y="22" width="9" height="4" rx="2"/><rect x="105" y="26" width="9" height="4"'
        ' rx="2"/></g>'
        '<rect x="89" y="158" width="22" height="4" rx="1" fill="{pale}"/>'
        '<path d="M94 166h12l-2 24h-8z" fill="{ink}"/>'
        '<ellipse cx="80" cy="188" rx="10" ry="5" fill="{ink}"/>'
        '<path d="M98.5 28V166M99.5 28V166M100.5 28V166M101.5 28V166" stroke="{metal}" stroke-width=".8"/>'
    ),
    "mandolin": (
        # Teardrop body with an oval sound hole, a short neck and eight tuners, four a side.
        '<path d="M100 92c22 8 44 28 44 58 0 26-20 44-44 44s-44-18-44-44c0-30 22-50 44-58z" fill="{main}"/>'
        '<path d="M70 136c-4 14 0 30 12 40" stroke="{white}" stroke-width="5" fill="none" stroke-linecap="round"'
        ' opacity=".22"/>'
        '<path d="M112 150c12 0 20 10 18 22-10-2-18-10-18-22z" fill="{dark}"/>'
        '<rect x="95" y="38" width="10" height="86" rx="2" fill="{wood}"/>'
        '<path d="M95 50h10M95 62h10M95 74h10M95 86h10M95 98h10M95 110h10" stroke="{metal}" stroke-width="1.5"/>'
        '<path d="M92 8h16c4 0 5 3 4 6l-4 26H92l-4-26c-1-3 0-6 4-6z" fill="{dark}"/>'
        '<g fill="{metal}"><circle cx="84" cy="14" r="2.6"/><circle cx="84" cy="21" r="2.6"/>'
        '<circle cx="84" cy="28" r="2.6"/><circle cx="84" cy="35" r="2.6"/><circle cx="116" cy="14" r="2.6"/>'
        '<circle cx="116" cy="21" r="2.6"/><circle cx="116" cy="28" r="2.6"/><circle cx="116" cy="35" r="2.6"/></g>'
        '<ellipse cx="100" cy="136" rx="9" ry="12" fill="{ink}"/>'
        '<rect x="88" y="168" width="24" height="5" rx="2" fill="{ink}"/>'
        '<path d="M90 184h20l-3 8h-14z" fill="{metal}"/>'
        '<path d="M96.8 14V186M97.8 14V186M99.5 14V186M100.5 14V186M102.2 14V186M103.2 14V186"'
        ' stroke="{pale}" stroke-width=".7"/>'
    ),
    "digitalpiano": (
        # A cabinet on its own legs, with a music rest and pedals: furniture, not a portable keyboard.
        '<rect x="10" y="56" width="16" height="134" rx="3" fill="{dark}"/>'
        '<rect x="174" y="56" width="16" height="134" rx="3" fill="{dark}"/>'
        '<rect x="26" y="124" width="148" height="56" fill="{main}"/>'
        '<path d="M34 132v40" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".2"/>'
        '<rect x="6" y="56" width="188" height="42" rx="6" fill="{main}"/>'
        '<rect x="62" y="34" width="76" height="30" rx="3" fill="{pale}"/>'
        '<path d="M70 44h24M70 52h40M104 44h26" stroke="{ink}" stroke-width="2" opacity=".45"/>'
        '<rect x="16" y="98" width="168" height="4" fill="{ink}"/>'
        '<g transform="translate(2 51) scale(.98 .5)">' + piano_keys() + "</g>"
        '<rect x="16" y="122" width="168" height="4" fill="{dark}"/>'
        '<g fill="{gold}"><rect x="80" y="180" width="10" height="6" rx="2"/><rect x="95" y="180" width="10"'
        ' height="6" rx="2"/><rect x="110" y="180" width="10" height="6" rx="2"/></g>'
    ),
    "synthesizer": (
        # Knobs, sliders and a small screen over a short keybed, with pitch and mod wheels.
        '<rect x="6" y="60" width="188" height="104" rx="10" fill="{main}"/>'
        '<rect x="6" y="60" width="188" height="46" rx="10" fill="{dark}"/>'
        '<rect x="16" y="68" width="34" height="18" rx="3" fill="{ink}"/>'
        '<path d="M20 80l6-6 6 4 6-8 8 6" stroke="{leaf}" stroke-width="2" fill="none"/>'
        '<g fill="{metal}"><circle cx="64" cy="74" r="5.5"/><circle cx="82" cy="74" r="5.5"/>'
        '<circle cx="100" cy="74" r="5.5"/><circle cx="118" cy="74" r="5.5"/><circle cx="64" cy="94" r="5.5"/>'
        '<circle cx="82" cy="94" r="5.5"/><circle cx="100" cy="94" r="5.5"/><circle cx="118" cy="94" r="5.5"/></g>'
        '<path d="M64 70v-2M82 70l3-2M100 70l-3-2M118 70v-2M64 90l-3-2M82 90v-2M100 90l3-2M118 90v-2"'
        ' stroke="{ink}" stroke-width="2" stroke-linecap="round"/>'
        '<path d="M138 70v28M152 70v28M166 70v28M180 70v28" stroke="{ink}" stroke-width="3" stroke-linecap="round"/>'
        '<g fill="{pale}"><rect x="133" y="80" width="10" height="5" rx="1"/><rect x="147" y="74" width="10"'
        ' height="5" rx="1"/><rect x="161" y="88" width="10" height="5" rx="1"/><rect x="175" y="78" width="10"'
        ' height="5" rx="1"/></g>'
        '<g fill="{ink}"><rect x="14" y="114" width="9" height="40" rx="4"/><rect x="28" y="114" width="9"'
        ' height="40" rx="4"/></g>'
        '<path d="M15 132h7M29 124h7" stroke="{metal}" stroke-width="2"/>'
        + keybed(44, 112, 14, 10.6, 44)
        + '<g fill="{ink}"><rect x="16" y="164" width="12" height="6" rx="2"/>'
        '<rect x="172" y="164" width="12" height="6" rx="2"/></g>'
    ),
    "midicontroller": (
        # Seen from above: a grid of drum pads and a row of knobs over mini keys, on a USB lead.
        '<path d="M160 50c0-20 14-28 30-30" stroke="{ink}" stroke-width="4" fill="none" stroke-linecap="round"/>'
        '<rect x="186" y="14" width="10" height="12" rx="2" fill="{metal}"/>'
        '<rect x="12" y="48" width="176" height="132" rx="12" fill="{main}"/>'
        '<rect x="12" y="48" width="176" height="72" rx="12" fill="{dark}"/>'
        '<g fill="{light}"><rect x="24" y="58" width="14" height="14" rx="3"/><rect x="42" y="58" width="14"'
        ' height="14" rx="3"/><rect x="60" y="58" width="14" height="14" rx="3"/><rect x="78" y="58" width="14"'
        ' height="14" rx="3"/><rect x="24" y="76" width="14" height="14" rx="3"/><rect x="60" y="76" width="14"'
        ' height="14" rx="3"/><rect x="78" y="76" width="14" height="14" rx="3"/><rect x="24" y="94" width="14"'
        ' height="14" rx="3"/><rect x="42" y="94" width="14" height="14" rx="3"/><rect x="78" y="94" width="14"'
        ' height="14" rx="3"/></g>'
        '<g fill="{bloom}"><rect x="42" y="76" width="14" height="14" rx="3"/><rect x="60" y="94" width="14"'
        ' height="14" rx="3"/></g>'
        '<g fill="{metal}"><circle cx="118" cy="66" r="7"/><circle cx="140" cy="66" r="7"/>'
        '<circle cx="162" cy="66" r="7"/><circle cx="118" cy="94" r="7"/><circle cx="140" cy="94" r="7"/>'
        '<circle cx="162" cy="94" r="7"/></g>'
        '<path d="M118 66l-4-4M140 66l4-4M162 66v-6M118 94v-6M140 94l-4-4M162 94l4-4" stroke="{ink}"'
        ' stroke-width="2" stroke-linecap="round"/>' + keybed(22, 128, 15, 10.4, 42)
    ),
    "dynamicmic": (
        # Handheld: a ball grille on a tapered handle, trailing its lead.
        '<path d="M100 184c0 10 14 12 26 6s22-4 30 4" stroke="{ink}" stroke-width="4" fill="none"'
        ' stroke-linecap="round"/>'
        '<path d="M78 74h44l-10 104c-1 6-5 9-12 9s-11-3-12-9z" fill="{main}"/>'
        '<path d="M86 86l6 84" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".25"/>'
        '<rect x="91" y="120" width="18" height="10" rx="3" fill="{dark}"/>'
        '<circle cx="100" cy="46" r="30" fill="{metal}"/>'
        '<path d="' + grille(100, 46, 28, 7) + '" stroke="{ink}" stroke-width="1.2" opacity=".35"/>'
        '<ellipse cx="88" cy="34" rx="8" ry="12" transform="rotate(30 88 34)" fill="{white}" opacity=".45"/>'
        '<rect x="74" y="72" width="52" height="10" rx="4" fill="{dark}"/>'
    ),
    "usbmic": (
        # A desk microphone on a short tripod, with a level light, a dial and its USB lead.
        '<path d="M100 154l-40 36M100 154l40 36M100 154v36" stroke="{ink}" stroke-width="6" stroke-linecap="round"/>'
        '<path d="M100 120v36" stroke="{ink}" stroke-width="8"/>'
        '<path d="M100 140c30 0 40 20 66 20h18" stroke="{ink}" stroke-width="3.5" fill="none"/>'
        '<rect x="180" y="154" width="14" height="10" rx="2" fill="{metal}"/>'
        '<rect x="72" y="14" width="56" height="114" rx="26" fill="{main}"/>'
        '<rect x="78" y="20" width="44" height="54" rx="20" fill="{dark}"/>'
        '<g fill="{ink}" opacity=".45"><circle cx="92" cy="34" r="2.4"/><circle cx="100" cy="34" r="2.4"/>'
        '<circle cx="108" cy="34" r="2.4"/><circle cx="88" cy="44" r="2.4"/><circle cx="96" cy="44" r="2.4"/>'
        '<circle cx="104" cy="44" r="2.4"/><circle cx="112" cy="44" r="2.4"/><circle cx="92" cy="54" r="2.4"/>'
        '<circle cx="100" cy="54" r="2.4"/><circle cx="108" cy="54" r="2.4"/><circle cx="96" cy="64" r="2.4"/>'
        '<circle cx="104" cy="64" r="2.4"/></g>'
        '<circle cx="100" cy="86" r="4" fill="{leaf}"/>'
        '<circle cx="100" cy="106" r="9" fill="{metal}"/><path d="M100 106v-6" stroke="{ink}" stroke-width="2.5"'
        ' stroke-linecap="round"/>'
        '<path d="M80 84v30" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".25"/>'
    ),
    "drumkit": (
        # Bass drum, two toms, a crash cymbal and a hi-hat: a whole kit, not a single drum.
        '<path d="M30 54l6 134M176 78v110M168 188h16M22 188h16" stroke="{metal}" stroke-width="3"'
        ' stroke-linecap="round"/>'
        '<ellipse cx="30" cy="52" rx="28" ry="6" fill="{gold}" transform="rotate(-10 30 52)"/>'
        '<ellipse cx="176" cy="76" rx="22" ry="4" fill="{gold}"/><ellipse cx="176" cy="82" rx="22" ry="4"'
        ' fill="{gold}" opacity=".8"/>'
        '<path d="M48 64h40v32c0 6-9 10-20 10s-20-4-20-10z" fill="{main}"/>'
        '<ellipse cx="68" cy="64" rx="20" ry="7" fill="{pale}" stroke="{dark}" stroke-width="2.5"/>'
        '<path d="M112 62h40v34c0 6-9 10-20 10s-20-4-20-10z" fill="{main}"/>'
        '<ellipse cx="132" cy="62" rx="20" ry="7" fill="{pale}" stroke="{dark}" stroke-width="2.5"/>'
        '<circle cx="100" cy="140" r="50" fill="{main}"/>'
        '<circle cx="100" cy="140" r="40" fill="{pale}"/>'
        '<circle cx="100" cy="140" r="18" fill="{light}"/>'
        '<path d="M86 140h28" stroke="{dark}" stroke-width="4" stroke-linecap="round"/>'
        '<g fill="{metal}"><circle cx="100" cy="94" r="3"/><circle cx="146" cy="140" r="3"/>'
        '<circle cx="54" cy="140" r="3"/><circle cx="132" cy="106" r="3"/><circle cx="68" cy="106" r="3"/>'
        '<circle cx="132" cy="174" r="3"/><circle cx="68" cy="174" r="3"/></g>'
    ),
    "cajon": (
        # A box drum to sit on: front plate with screws and the sound port, seen from a corner.
        '<path d="M150 38l24-16v154l-24 14z" fill="{dark}"/>'
        '<path d="M50 38l24-16h100l-24 16z" fill="{light}"/>'
        '<rect x="50" y="38" width="100" height="152" rx="3" fill="{main}"/>'
        '<rect x="50" y="38" width="100" height="152" rx="3" fill="none" stroke="{dark}" stroke-width="3"/>'
        '<circle cx="100" cy="96" r="24" fill="{ink}"/>'
        '<circle cx="100" cy="96" r="28" fill="none" stroke="{light}" stroke-width="3"/>'
        '<g fill="{metal}"><circle cx="58" cy="46" r="2.5"/><circle cx="142" cy="46" r="2.5"/>'
        '<circle cx="58" cy="182" r="2.5"/><circle cx="142" cy="182" r="2.5"/><circle cx="58" cy="114" r="2.5"/>'
        '<circle cx="142" cy="114" r="2.5"/></g>'
        '<path d="M62 140v40" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".2"/>'
    ),
    "djembe": (
        # A goblet drum: skin head, rope lacing down the bowl, a narrow waist and a flared foot.
        '<path d="M54 42c0 34 18 56 32 70-6 26-18 52-24 78h76c-6-26-18-52-24-78 14-14 32-36 32-70z" fill="{main}"/>'
        '<path d="M86 112c10 4 18 4 28 0" stroke="{dark}" stroke-width="6" stroke-linecap="round"/>'
        '<path d="M60 52l10 52 10-52 10 56 10-56 10 56 10-56 10 52 10-52" stroke="{pale}" stroke-width="2.5"'
        ' fill="none" stroke-linejoin="round"/>'
        '<path d="M62 188h76" stroke="{dark}" stroke-width="5" stroke-linecap="round"/>'
        '<path d="M70 130l-8 52" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".22"/>'
        '<ellipse cx="100" cy="42" rx="48" ry="13" fill="{pale}" stroke="{dark}" stroke-width="6"/>'
        '<ellipse cx="92" cy="40" rx="18" ry="4" fill="{white}" opacity=".5"/>'
    ),
    "handdrum": (
        # A frame drum: a wide, shallow hoop of skin with its beater.
        '<ellipse cx="100" cy="110" rx="80" ry="78" fill="{dark}"/>'
        '<ellipse cx="96" cy="106" rx="78" ry="76" fill="{main}"/>'
        '<ellipse cx="96" cy="106" rx="66" ry="64" fill="{pale}"/>'
        '<ellipse cx="96" cy="106" rx="44" ry="42" fill="none" stroke="{light}" stroke-width="3"'
        ' stroke-dasharray="6 6"/>'
        '<circle cx="96" cy="106" r="12" fill="{light}"/>'
        '<path d="M58 62c10-10 24-16 38-16" stroke="{white}" stroke-width="6" fill="none" stroke-linecap="round"'
        ' opacity=".5"/>'
        '<path d="M132 188L176 108" stroke="{wood}" stroke-width="6" stroke-linecap="round"/>'
        '<circle cx="178" cy="102" r="10" fill="{ink}"/>'
    ),
    "flute": (
        # A long, straight silver tube with its lip plate and a row of keys (leaned by TILT).
        '<rect x="2" y="90" width="196" height="20" rx="10" fill="{metal}"/>'
        '<path d="M10 95h180" stroke="{white}" stroke-width="3" stroke-linecap="round" opacity=".7"/>'
        '<rect x="2" y="90" width="12" height="20" rx="5" fill="{gold}"/>'
        '<rect x="50" y="88" width="5" height="24" fill="{dark}"/><rect x="150" y="88" width="5" height="24"'
        ' fill="{dark}"/>'
        '<ellipse cx="32" cy="90" rx="12" ry="6" fill="{metal}" stroke="{dark}" stroke-width="1.5"/>'
        '<ellipse cx="32" cy="90" rx="4.5" ry="2.5" fill="{ink}"/>'
        '<path d="M62 84h122" stroke="{dark}" stroke-width="2.5"/>'
        '<g fill="{metal}" stroke="{dark}" stroke-width="1.8"><circle cx="70" cy="100" r="7"/>'
        '<circle cx="87" cy="100" r="7"/><circle cx="104" cy="100" r="7"/><circle cx="124" cy="100" r="7"/>'
        '<circle cx="141" cy="100" r="7"/><circle cx="168" cy="100" r="7"/><circle cx="185" cy="100" r="7"/></g>'
        '<g fill="{main}"><circle cx="70" cy="100" r="3"/><circle cx="87" cy="100" r="3"/>'
        '<circle cx="104" cy="100" r="3"/><circle cx="124" cy="100" r="3"/><circle cx="141" cy="100" r="3"/></g>'
    ),
    "clarinet": (
        # Dark, straight and upright: mouthpiece, barrel, rings and keys down to a flared bell.
        '<path d="M94 4h12l2 22H92z" fill="{ink}"/>'
        '<rect x="91" y="20" width="18" height="6" rx="1" fill="{metal}"/>'
        '<rect x="90" y="26" width="20" height="18" rx="3" fill="{dark}"/>'
        '<rect x="92" y="42" width="16" height="112" fill="{dark}"/>'
        '<path d="M92 150h16c4 14 14 26 22 36H70c8-10 18-22 22-36z" fill="{dark}"/>'
        '<path d="M96 48v100" stroke="{white}" stroke-width="3" stroke-linecap="round" opacity=".2"/>'
        '<g fill="{metal}"><rect x="89" y="42" width="22" height="4" rx="1"/><rect x="89" y="96" width="22"'
        ' height="4" rx="1"/><rect x="89" y="148" width="22" height="4" rx="1"/><rect x="68" y="184" width="64"'
        ' height="5" rx="2"/></g>'
        '<g fill="{ink}"><circle cx="100" cy="58" r="3.5"/><circle cx="100" cy="72" r="3.5"/>'
        '<circle cx="100" cy="86" r="3.5"/><circle cx="100" cy="110" r="3.5"/><circle cx="100" cy="124" r="3.5"/>'
        '<circle cx="100" cy="138" r="3.5"/></g>'
        '<path d="M110 56v30M110 108v34M90 64v20M90 116v22" stroke="{metal}" stroke-width="2.5"'
        ' stroke-linecap="round"/>'
        '<rect x="92" y="6" width="16" height="6" rx="2" fill="{main}"/>'
    ),
    "saxophone": (
        # The curved brass body: neck and mouthpiece, keys down the tube, a U-bend and an upturned bell.
        '<path d="M97 38c0-16-12-26-28-24" stroke="{gold}" stroke-width="7" fill="none" stroke-linecap="round"/>'
        '<path d="M60 8l12 4-3 8-12-2z" fill="{ink}"/>'
        '<path d="M90 36h14l4 104c2 20 10 28 18 24s10-16 10-32l-2-22h36l-8 24c-4 36-18 58-44 58s-36-20-36-44z"'
        ' fill="{gold}"/>'
        '<ellipse cx="152" cy="110" rx="18" ry="5" fill="{ink}" opacity=".55"/>'
        '<path d="M92 46l-4 100" stroke="{white}" stroke-width="3" stroke-linecap="round" opacity=".4"/>'
        '<path d="M84 56v96" stroke="{metal}" stroke-width="2.5" stroke-linecap="round"/>'
        '<g fill="{pale}" stroke="{dark}" stroke-width="1.5"><circle cx="97" cy="60" r="6"/>'
        '<circle cx="98" cy="76" r="6"/><circle cx="99" cy="92" r="6"/><circle cx="100" cy="108" r="6"/>'
        '<circle cx="101" cy="124" r="6"/><circle cx="104" cy="142" r="6"/></g>'
        '<g fill="{main}"><circle cx="97" cy="60" r="2.5"/><circle cx="98" cy="76" r="2.5"/>'
        '<circle cx="99" cy="92" r="2.5"/></g>'
    ),
}
