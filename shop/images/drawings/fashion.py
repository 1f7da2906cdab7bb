"""Apparel, footwear, accessories, jewelry and beauty drawings."""

from __future__ import annotations

FASHION: dict[str, str] = {
    "shirt": (
        '<path d="M70 22L24 46l16 40 22-10v108h76V76l22 10 16-40-46-24c-4 12-16 20-30 20s-26-8-30-20z" fill="{main}"/>'
        '<path d="M70 22c4 12 16 20 30 20s26-8 30-20l-8-3c-4 9-12 15-22 15s-18-6-22-15z" fill="{dark}"/>'
        '<path d="M40 86l22-10M160 86l-22-10" stroke="{dark}" stroke-width="4"/>'
        '<path d="M62 90v94h10V84z" fill="{ink}" opacity=".08"/>'
        '<circle cx="100" cy="104" r="18" fill="{light}"/><circle cx="100" cy="104" r="8" fill="{pale}"/>'
    ),
    "dress": (
        '<path d="M82 12h8l10 30 10-30h8l6 46c-2 10-6 16-8 22l46 106c-22 8-50 12-62 12s-40-4-62-12l46-106'
        'c-2-6-6-12-8-22z" fill="{main}"/>'
        '<path d="M76 78h48l-3 11H79z" fill="{dark}"/>'
        '<path d="M100 90l-12 98M100 90l12 98M100 90L70 186M100 90l30 96" stroke="{dark}" stroke-width="2"'
        ' opacity=".35"/>'
        '<path d="M82 12h8l10 30-14 12z" fill="{white}" opacity=".15"/>'
    ),
    "jacket": (
        '<path d="M70 20L36 34c-8 4-12 10-13 18l-7 112h26l8-84v110h100V80l8 84h26l-7-112c-1-8-5-14-13-18l-34-14'
        'c-6 10-16 16-30 16s-24-6-30-16z" fill="{main}"/>'
        '<path d="M70 20c6 10 16 16 30 16s24-6 30-16l-6-7c-8 7-16 11-24 11s-16-4-24-11z" fill="{dark}"/>'
        '<path d="M100 36v154" stroke="{metal}" stroke-width="3"/>'
        '<g fill="{dark}" opacity=".45"><rect x="62" y="128" width="26" height="26" rx="4"/>'
        '<rect x="112" y="128" width="26" height="26" rx="4"/></g>'
        '<path d="M16 152h26M158 152h26" stroke="{dark}" stroke-width="6"/>'
    ),
    "scarf": (
        '<path d="M74 66l-12 112h42l4-98z" fill="{main}"/>'
        '<path d="M110 74l8 106h36l-16-114z" fill="{light}"/>'
        '<path d="M64 150h40M64 160h40M119 152h33M120 162h33" stroke="{white}" stroke-width="4" opacity=".6"/>'
        '<path d="M66 178v10M74 178v10M82 178v10M90 178v10M98 178v10M124 180v10M132 180v10M140 180v10M148 180v10"'
        ' stroke="{dark}" stroke-width="3" stroke-linecap="round"/>'
        '<path d="M48 38c0-16 104-16 104 0 0 22-22 40-52 40s-52-18-52-40z" fill="{main}"/>'
        '<path d="M64 42c0-9 72-9 72 0 0 12-16 20-36 20s-36-8-36-20z" fill="{dark}"/>'
    ),
    "sock": (
        '<path d="M72 18h54v100c0 4 2 8 6 10l34 16c14 6 16 26 4 36-6 5-14 6-22 4l-64-20c-14-4-22-16-20-30z"'
        ' fill="{main}"/>'
        '<rect x="68" y="14" width="62" height="26" rx="4" fill="{dark}"/>'
        '<path d="M80 18v18M90 18v18M100 18v18M110 18v18M120 18v18" stroke="{main}" stroke-width="2" opacity=".6"/>'
        '<path d="M72 62h54M72 76h54" stroke="{white}" stroke-width="6" opacity=".7"/>'
        '<path d="M72 130c-2 16 6 26 20 30l6-28z" fill="{light}"/>'
        '<path d="M152 146c14 6 18 24 6 34-4 3-10 4-16 3l6-34z" fill="{light}"/>'
    ),
    "sneaker": (
        '<path d="M14 150h160c8 0 14 6 14 14v4c0 6-4 10-10 10H24c-6 0-10-4-10-10z" fill="{white}"/>'
        '<path d="M16 165h172" stroke="{metal}" stroke-width="3"/>'
        '<path d="M20 151c-4-24 0-54 8-70 6-12 22-14 34-6 14 10 22 22 40 30 22 10 50 14 66 22 12 6 20 14 20 24z"'
        ' fill="{main}"/>'
        '<path d="M132 118c20 6 36 12 44 20 6 6 10 13 10 13h-58c-2-12 0-24 4-33z" fill="{light}"/>'
        '<path d="M24 86c2-10 8-14 16-14l-6 40H22z" fill="{dark}"/>'
        '<path d="M52 136c30 4 60-2 90-18-24 22-60 30-92 26z" fill="{white}" opacity=".85"/>'
        '<path d="M70 93l14-10M82 101l14-10M94 109l14-10" stroke="{white}" stroke-width="4" stroke-linecap="round"/>'
    ),
    "boot": (
        '<path d="M52 18h58c4 0 6 3 6 7l-2 93c28 6 52 16 62 30 6 9 4 20-8 20H46c-6 0-10-4-10-10l8-132c0-5 4-8 8-8z"'
        ' fill="{main}"/>'
        '<path d="M48 18h64v20H46z" fill="{dark}"/>'
        '<path d="M112 46l-14 10 14 10-14 10 14 10-14 10" stroke="{pale}" stroke-width="4" fill="none"'
        ' stroke-linejoin="round"/>'
        '<path d="M56 46l-6 110" stroke="{white}" stroke-width="6" stroke-linecap="round" opacity=".18"/>'
        '<path d="M36 166h146v14c0 4-3 6-6 6H42c-4 0-6-3-6-6z" fill="{ink}"/>'
        '<path d="M46 160h128" stroke="{light}" stroke-width="2" stroke-dasharray="5 4"/>'
    ),
    "oxford": (
        '<path d="M16 160h168v16c0 6-4 10-10 10H26c-6 0-10-4-10-10z" fill="{ink}"/>'
        '<path d="M18 162c-2-26 2-52 10-64 8-10 24-8 34 0 20 16 40 22 64 26 26 4 50 14 58 38z" fill="{main}"/>'
        '<path d="M138 126c-6 12-8 24-6 36" stroke="{dark}" stroke-width="3" fill="none"/>'
        '<path d="M64 102c-8 16-10 38-8 60" stroke="{dark}" stroke-width="3" fill="none"/>'
        '<path d="M78 110l22 6M82 102l22 6" stroke="{pale}" stroke-width="3" stroke-linecap="round"/>'
        '<path d="M148 138c12 4 20 10 24 18" stroke="{white}" stroke-width="4" opacity=".4" fill="none"'
        ' stroke-linecap="round"/>'
    ),
    "sandal": (
        '<path d="M20 160c0-8 6-14 14-14h136c10 0 16 8 14 16l-2 8c-2 6-8 10-14 10H34c-8 0-14-6-14-14z"'
        ' fill="{wood}"/>'
        '<path d="M26 154h152" stroke="{pale}" stroke-width="4" opacity=".6"/>'
        '<path d="M58 150c0-30 20-50 42-50s30 20 30 50" fill="none" stroke="{main}" stroke-width="14"/>'
        '<path d="M118 150c4-24 20-36 42-34" stroke="{main}" stroke-width="12" fill="none"/>'
        '<rect x="116" y="110" width="13" height="15" rx="2" fill="none" stroke="{gold}" stroke-width="3"/>'
    ),
    "handbag": (
        '<path d="M66 82V62a34 34 0 0 1 68 0v20" fill="none" stroke="{dark}" stroke-width="9" stroke-linecap="round"/>'
        '<path d="M34 80h132l12 96c1 8-5 14-13 14H35c-8 0-14-6-13-14z" fill="{main}"/>'
        '<path d="M34 80h132l-6 46c-20 12-40 16-60 16s-40-4-60-16z" fill="{dark}"/>'
        '<path d="M44 90h112l-5 30c-18 10-34 13-51 13s-33-3-51-13z" fill="none" stroke="{light}" stroke-width="2"'
        ' stroke-dasharray="5 4"/>'
        '<rect x="92" y="128" width="16" height="17" rx="3" fill="{gold}"/>'
    ),
    "tote": (
        '<path d="M66 80V48c0-16 68-16 68 0v32" fill="none" stroke="{dark}" stroke-width="8"/>'
        '<path d="M38 76h124l8 112H30z" fill="{main}"/>'
        '<path d="M38 76h124l1 14H37z" fill="{dark}"/>'
        '<rect x="58" y="118" width="84" height="44" rx="5" fill="{light}" opacity=".55"/>'
        '<path d="M64 140h72" stroke="{white}" stroke-width="3" stroke-dasharray="6 5"/>'
    ),
    "backpack": (
        '<path d="M84 40c0-18 32-18 32 0" fill="none" stroke="{dark}" stroke-width="8"/>'
        '<rect x="42" y="34" width="116" height="154" rx="32" fill="{main}"/>'
        '<path d="M42 74c0-22 16-40 40-40h36c24 0 40 18 40 40v8H42z" fill="{light}" opacity=".45"/>'
        '<rect x="58" y="110" width="84" height="64" rx="16" fill="{dark}"/>'
        '<path d="M62 126h76" stroke="{metal}" stroke-width="3"/><circle cx="128" cy="126" r="4" fill="{metal}"/>'
        '<path d="M50 60v110" stroke="{white}" stroke-width="6" stroke-linecap="round" opacity=".2"/>'
    ),
    "belt": (
        '<ellipse cx="96" cy="120" rx="78" ry="56" fill="none" stroke="{main}" stroke-width="22"/>'
        '<ellipse cx="96" cy="120" rx="78" ry="56" fill="none" stroke="{light}" stroke-width="2"'
        ' stroke-dasharray="6 5"/>'
        '<ellipse cx="96" cy="122" rx="50" ry="32" fill="none" stroke="{dark}" stroke-width="18"/>'
        '<g fill="{ink}" opacity=".5"><circle cx="72" cy="175" r="3"/><circle cx="90" cy="177" r="3"/>'
        '<circle cx="108" cy="176" r="3"/></g>'
        '<rect x="150" y="92" width="40" height="56" rx="9" fill="none" stroke="{gold}" stroke-width="7"/>'
        '<path d="M150 120h34" stroke="{gold}" stroke-width="4"/>'
    ),
    "glasses": (
        '<path d="M22 90L6 78M178 90l16-12" stroke="{ink}" stroke-width="7" stroke-linecap="round"/>'
        '<g fill="{main}" fill-opacity=".55" stroke="{ink}" stroke-width="8">'
        '<rect x="18" y="80" width="72" height="56" rx="22"/><rect x="110" y="80" width="72" height="56" rx="22"/></g>'
        '<path d="M90 98c6-9 14-9 20 0" stroke="{ink}" stroke-width="7" fill="none"/>'
        '<path d="M32 100l18-12M124 100l18-12" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".6"/>'
    ),
    "ring": (
        '<circle cx="100" cy="126" r="52" fill="none" stroke="{gold}" stroke-width="14"/>'
        '<path d="M58 100a52 52 0 0 1 18-22" stroke="{white}" stroke-width="4" fill="none" opacity=".5"/>'
        '<path d="M84 74h32l-6 10H90z" fill="{gold}"/>'
        '<path d="M74 52l13-17h26l13 17-26 30z" fill="{main}"/>'
        '<path d="M74 52h52M87 35l13 47 13-47" stroke="{white}" stroke-width="2" fill="none" opacity=".55"/>'
        '<path d="M150 36l4 10 10 4-10 4-4 10-4-10-10-4 10-4z" fill="{white}"/>'
    ),
    "necklace": (
        '<path d="M40 18c0 72 30 112 60 112s60-40 60-112" fill="none" stroke="{gold}" stroke-width="5"'
        ' stroke-linecap="round" stroke-dasharray=".1 8"/>'
        '<circle cx="100" cy="132" r="6" fill="none" stroke="{gold}" stroke-width="3"/>'
        '<path d="M100 138l-22 24 22 34 22-34z" fill="{main}"/>'
        '<path d="M78 162h44M100 138v58" stroke="{white}" stroke-width="2" opacity=".5"/>'
        '<path d="M150 150l3 8 8 3-8 3-3 8-3-8-8-3 8-3z" fill="{white}"/>'
    ),
    "earrings": (
        '<path d="M58 22c0-12 18-12 18 0v20M124 22c0-12 18-12 18 0v20" stroke="{gold}" stroke-width="4" fill="none"'
        ' stroke-linecap="round"/>'
        '<circle cx="76" cy="52" r="9" fill="{gold}"/><circle cx="142" cy="52" r="9" fill="{gold}"/>'
        '<path d="M76 62l-24 48 24 54 24-54z" fill="{main}"/><path d="M142 62l-24 48 24 54 24-54z" fill="{main}"/>'
        '<path d="M52 110h48M118 110h48" stroke="{white}" stroke-width="2" opacity=".5"/>'
        '<path d="M70 76l-10 24M136 76l-10 24" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".4"/>'
    ),
    "bracelet": (
        '<ellipse cx="100" cy="124" rx="76" ry="44" fill="none" stroke="{dark}" stroke-width="20"/>'
        '<ellipse cx="100" cy="116" rx="76" ry="44" fill="none" stroke="{gold}" stroke-width="20"/>'
        '<path d="M40 100c10-20 34-30 60-30" stroke="{white}" stroke-width="4" fill="none" opacity=".5"/>'
        '<g fill="{main}"><circle cx="62" cy="162" r="10"/><circle cx="100" cy="172" r="11"/>'
        '<circle cx="138" cy="162" r="10"/></g>'
    ),
    "perfume": (
        '<rect x="84" y="18" width="32" height="30" rx="6" fill="{gold}"/>'
        '<rect x="92" y="46" width="16" height="14" fill="{metal}"/>'
        '<rect x="44" y="58" width="112" height="130" rx="26" fill="{main}" fill-opacity=".88"/>'
        '<path d="M50 112h100v50c0 14-10 22-24 22H74c-14 0-24-8-24-22z" fill="{dark}" opacity=".4"/>'
        '<rect x="70" y="96" width="60" height="36" rx="6" fill="{white}" opacity=".88"/>'
        '<rect x="80" y="106" width="40" height="5" rx="2.5" fill="{ink}" opacity=".7"/>'
        '<rect x="86" y="117" width="28" height="4" rx="2" fill="{ink}" opacity=".4"/>'
        '<path d="M58 76c0 30 0 70 8 96" stroke="{white}" stroke-width="6" opacity=".35" fill="none"'
        ' stroke-linecap="round"/>'
    ),
    "lipstick": (
        '<path d="M84 52V26c0-10 10-20 30-24v50z" fill="{main}"/>'
        '<path d="M90 52V28c0-6 4-12 10-15v39z" fill="{white}" opacity=".2"/>'
        '<rect x="78" y="50" width="42" height="42" rx="3" fill="{gold}"/>'
        '<rect x="72" y="90" width="54" height="100" rx="6" fill="{ink}"/>'
        '<rect x="80" y="98" width="6" height="84" rx="3" fill="{white}" opacity=".18"/>'
    ),
    "jar": (
        '<rect x="40" y="64" width="120" height="124" rx="22" fill="{pale}" opacity=".9"/>'
        '<rect x="48" y="96" width="104" height="84" rx="16" fill="{main}"/>'
        '<g fill="{white}" opacity=".7"><circle cx="64" cy="106" r="4"/><circle cx="84" cy="102" r="3"/>'
        '<circle cx="120" cy="104" r="4"/><circle cx="140" cy="110" r="3"/></g>'
        '<rect x="64" y="120" width="72" height="38" rx="6" fill="{white}"/>'
        '<path d="M76 134h48M82 145h36" stroke="{ink}" stroke-width="4" stroke-linecap="round" opacity=".5"/>'
        '<rect x="46" y="38" width="108" height="30" rx="8" fill="{dark}"/>'
        '<path d="M54 80v90" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".4"/>'
    ),
    "dropper": (
        '<path d="M88 44V22c0-10 24-10 24 0v22z" fill="{ink}"/>'
        '<rect x="82" y="42" width="36" height="18" rx="4" fill="{gold}"/>'
        '<rect x="62" y="58" width="76" height="130" rx="14" fill="{main}"/>'
        '<rect x="72" y="100" width="56" height="52" rx="6" fill="{white}" opacity=".92"/>'
        '<path d="M100 110c8 10 12 16 12 22a12 12 0 0 1-24 0c0-6 4-12 12-22z" fill="{main}"/>'
        '<rect x="70" y="66" width="6" height="112" rx="3" fill="{white}" opacity=".25"/>'
    ),
    "bag": (
        '<path d="M70 86V58a30 30 0 0 1 60 0v28" fill="none" stroke="{dark}" stroke-width="8" stroke-linecap="round"/>'
        '<path d="M36 68h128l10 120H26z" fill="{main}"/>'
        '<path d="M36 68h128l2 16H34z" fill="{dark}" opacity=".45"/>'
        '<circle cx="100" cy="134" r="24" fill="{white}" opacity=".88"/>'
        '<path d="M100 118l5 10 11 2-8 8 2 11-10-5-10 5 2-11-8-8 11-2z" fill="{main}"/>'
    ),
}
