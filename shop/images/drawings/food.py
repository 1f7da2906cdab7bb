"""Grocery and convenience-store drawings, in food's own colours on the product's backdrop."""

from __future__ import annotations

FOOD: dict[str, str] = {
    "apple": (
        '<path d="M100 60c0-14 4-26 12-34" stroke="{wood}" stroke-width="6" stroke-linecap="round" fill="none"/>'
        '<path d="M110 40c10-16 30-18 42-12-8 14-26 20-42 12z" fill="{leaf}"/>'
        '<path d="M100 58c-14-10-44-10-58 14-14 26-4 70 18 94 12 12 24 18 40 10 16 8 28 2 40-10 22-24 32-68 18-94'
        '-14-24-44-24-58-14z" fill="{main}"/>'
        '<ellipse cx="64" cy="100" rx="10" ry="24" fill="{white}" opacity=".3" transform="rotate(18 64 100)"/>'
    ),
    "bread": (
        '<path d="M24 110c0-40 36-60 76-60s76 20 76 60v62c0 8-6 14-14 14H38c-8 0-14-6-14-14z" fill="{crust}"/>'
        '<path d="M36 106c0-30 30-46 64-46s64 16 64 46" fill="none" stroke="#e0a868" stroke-width="8"'
        ' stroke-linecap="round"/>'
        '<path d="M58 80l16 20M92 72l16 20M126 80l16 20" stroke="#8a5a2b" stroke-width="6" stroke-linecap="round"/>'
        '<rect x="24" y="140" width="152" height="24" fill="{main}"/>'
        '<rect x="84" y="144" width="32" height="16" rx="3" fill="{white}" opacity=".9"/>'
    ),
    "milk": (
        '<path d="M56 54l22-32h44l22 32z" fill="{pale}"/><rect x="80" y="12" width="40" height="12" rx="2"'
        ' fill="{light}"/>'
        '<rect x="56" y="54" width="88" height="134" rx="4" fill="{white}"/>'
        '<rect x="118" y="54" width="26" height="134" fill="{metal}" opacity=".5"/>'
        '<path d="M56 124c20-12 40 12 62 0v64H56z" fill="{main}"/>'
        '<path d="M88 78c8 10 12 16 12 22a12 12 0 0 1-24 0c0-6 4-12 12-22z" fill="{main}"/>'
    ),
    "carton": (
        '<path d="M56 54l22-32h44l22 32z" fill="{pale}"/><rect x="112" y="8" width="10" height="20" rx="3"'
        ' fill="{main}"/>'
        '<rect x="56" y="54" width="88" height="134" rx="4" fill="{white}"/>'
        '<rect x="118" y="54" width="26" height="134" fill="{metal}" opacity=".5"/>'
        '<path d="M56 124c20-12 40 12 62 0v64H56z" fill="{main}"/>'
        '<circle cx="87" cy="94" r="18" fill="{cheese}"/>'
        '<path d="M87 78v32M71 94h32M76 83l22 22M98 83l-22 22" stroke="{white}" stroke-width="2"/>'
    ),
    "fish": (
        '<rect x="10" y="150" width="180" height="26" rx="13" fill="{white}" opacity=".85"/>'
        '<path d="M146 108l40-34-10 42 10 40z" fill="{dark}"/>'
        '<path d="M18 116c30-42 92-52 132-8-40 42-102 32-132 8z" fill="{main}"/>'
        '<path d="M40 124c30 14 70 12 98-8" stroke="{white}" stroke-width="4" opacity=".4" fill="none"/>'
        '<path d="M66 92c8 12 8 30 0 42" stroke="{dark}" stroke-width="3" fill="none"/>'
        '<circle cx="46" cy="108" r="6" fill="{white}"/><circle cx="46" cy="108" r="3" fill="{ink}"/>'
    ),
    "carrot": (
        '<g fill="{leaf}"><path d="M78 52c-16-20-14-40-2-48 8 14 8 32 2 48z"/>'
        '<path d="M104 50c-4-22 6-40 20-44 2 16-6 32-20 44z"/></g>'
        '<path d="M92 52c-10-18-24-26-40-24 6 16 20 24 40 24z" fill="{leafdark}"/>'
        '<path d="M62 56c14-6 28 2 28 14L76 184c-2 6-8 6-10 0L50 76c-2-10 2-16 12-20z" fill="{orange}"/>'
        '<path d="M100 54c14-4 26 4 26 16l-22 108c-2 6-8 6-10 0L88 72c-2-10 2-16 12-18z" fill="{orange}"/>'
        '<path d="M58 90h14M62 120h12M98 94h14M100 126h12" stroke="#b4541c" stroke-width="3" stroke-linecap="round"/>'
        '<rect x="40" y="150" width="92" height="16" rx="4" fill="{main}" transform="rotate(-6 86 158)"/>'
    ),
    "steak": (
        '<rect x="10" y="70" width="180" height="116" rx="20" fill="{main}"/>'
        '<circle cx="170" cy="90" r="7" fill="{dark}"/>'
        '<path d="M40 96c30-28 100-22 124 14 12 28-14 56-54 60-40 4-78-12-78-40 0-14 2-24 8-34z" fill="{meat}"'
        ' stroke="{fat}" stroke-width="7"/>'
        '<path d="M64 116c18-10 36 0 54-10M74 142c18 0 36-10 54 0" stroke="{fat}" stroke-width="3" opacity=".7"'
        ' fill="none"/>'
        '<ellipse cx="124" cy="112" rx="12" ry="10" fill="#f8ecd8"/>'
    ),
    "sandwich": (
        '<path d="M30 160L100 40l70 120z" fill="{crumb}" stroke="{crust}" stroke-width="8" stroke-linejoin="round"/>'
        '<path d="M26 160h148v9H26z" fill="{leaf}"/><path d="M26 169h148v8H26z" fill="{tomato}"/>'
        '<path d="M26 177h148v8c0 4-4 7-8 7H34c-4 0-8-3-8-7z" fill="{crust}"/>'
        '<path d="M42 126h116l12 34H30z" fill="{main}" opacity=".9"/>'
        '<rect x="82" y="134" width="36" height="16" rx="3" fill="{white}" opacity=".9"/>'
    ),
    "pizza": (
        '<ellipse cx="100" cy="178" rx="84" ry="14" fill="{main}"/>'
        '<path d="M100 186L30 46c46-20 94-20 140 0z" fill="{cheese}"/>'
        '<path d="M30 46c46-20 94-20 140 0l-6 14c-42-18-86-18-128 0z" fill="{crust}"/>'
        '<g fill="{meat}"><circle cx="78" cy="86" r="11"/><circle cx="122" cy="88" r="11"/>'
        '<circle cx="100" cy="124" r="10"/>'
        '<circle cx="98" cy="160" r="7"/></g>'
        '<g fill="{leaf}"><circle cx="100" cy="96" r="3"/><circle cx="86" cy="114" r="3"/>'
        '<circle cx="114" cy="110" r="3"/></g>'
    ),
    "muffin": (
        '<path d="M46 110h108l-14 78H60z" fill="{main}"/>'
        '<path d="M66 112l4 74M86 112l2 74M106 112v74M126 112l-2 74" stroke="{dark}" stroke-width="3" opacity=".5"/>'
        '<path d="M36 114c-6-42 28-72 64-72s70 30 64 72z" fill="{crust}"/>'
        '<path d="M60 70c10-12 26-18 40-18" stroke="#e0a868" stroke-width="8" stroke-linecap="round" fill="none"/>'
        '<g fill="#5b3a29"><circle cx="80" cy="88" r="4"/><circle cx="112" cy="76" r="4"/>'
        '<circle cx="126" cy="98" r="4"/>'
        '<circle cx="96" cy="102" r="4"/><circle cx="62" cy="102" r="4"/></g>'
    ),
    "chips": (
        '<path d="M44 24h112l-6 14c8 40 8 100 0 140l6 14H44l6-14c-8-40-8-100 0-140z" fill="{main}"/>'
        '<path d="M44 24h112l-3 9H47zM47 183h106l3 9H44z" fill="{dark}"/>'
        '<rect x="58" y="52" width="84" height="20" rx="4" fill="{white}" opacity=".92"/>'
        '<ellipse cx="100" cy="118" rx="38" ry="32" fill="{pale}"/>'
        '<path d="M76 118c8-14 24-16 32-4-8 12-24 14-32 4zM98 126c8-12 22-12 28-2-8 10-22 10-28 2z" fill="{cheese}"/>'
        '<path d="M60 36v140" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".2"/>'
    ),
    "can": (
        '<rect x="58" y="30" width="84" height="156" rx="14" fill="{main}"/>'
        '<ellipse cx="100" cy="32" rx="42" ry="8" fill="{metal}"/>'
        '<rect x="92" y="26" width="16" height="6" rx="3" fill="{ink}" opacity=".5"/>'
        '<path d="M58 100c20-14 60 14 84 0v34c-24 14-64-14-84 0z" fill="{white}" opacity=".9"/>'
        '<path d="M58 176c0 6 18 12 42 12s42-6 42-12" stroke="{metal}" stroke-width="6" fill="none"/>'
        '<rect x="68" y="44" width="8" height="128" rx="4" fill="{white}" opacity=".3"/>'
    ),
    "waterbottle": (
        '<rect x="86" y="12" width="28" height="18" rx="4" fill="{main}"/>'
        '<path d="M88 30h24l10 26H78z" fill="{pale}"/>'
        '<rect x="66" y="54" width="68" height="134" rx="18" fill="{pale}"/>'
        '<rect x="70" y="84" width="60" height="100" rx="14" fill="{light}" opacity=".8"/>'
        '<rect x="66" y="110" width="68" height="34" fill="{main}"/>'
        '<path d="M70 70h60M70 166h60" stroke="{white}" stroke-width="3" opacity=".6"/>'
        '<rect x="74" y="64" width="6" height="116" rx="3" fill="{white}" opacity=".4"/>'
    ),
    "coffee": (
        '<path d="M84 22c-6-8 6-12 0-20M108 22c-6-8 6-12 0-20" stroke="{white}" stroke-width="4"'
        ' stroke-linecap="round" fill="none" opacity=".85"/>'
        '<path d="M50 58h100l-12 130H62z" fill="{white}"/>'
        '<path d="M54 94h92l-5 54H59z" fill="{main}"/><circle cx="100" cy="121" r="12" fill="{white}" opacity=".9"/>'
        '<path d="M52 40h96l6 18H46z" fill="{ink}"/><rect x="60" y="28" width="80" height="14" rx="5" fill="{ink}"/>'
    ),
}
