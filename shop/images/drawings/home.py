"""Furniture, home decor, floral, housewares and seasonal drawings."""

from __future__ import annotations

from .shapes import clock_ticks, fan_leaves, flower, wreath_leaves

HOME: dict[str, str] = {
    "chair": (
        '<path d="M60 132l-12 58M140 132l12 58M80 136l-4 46M120 136l4 46" stroke="{wood}" stroke-width="7"'
        ' stroke-linecap="round"/>'
        '<path d="M52 30c0-10 8-16 18-16h60c10 0 18 6 18 16l-8 80H60z" fill="{main}"/>'
        '<path d="M64 24h18l-5 80H66z" fill="{white}" opacity=".18"/>'
        '<path d="M40 118c0-8 6-12 14-12h92c8 0 14 4 14 12v8c0 8-6 12-14 12H54c-8 0-14-4-14-12z" fill="{dark}"/>'
        '<path d="M48 114h104" stroke="{light}" stroke-width="3" stroke-linecap="round" opacity=".6"/>'
    ),
    "sofa": (
        '<g fill="{wood}"><rect x="34" y="168" width="9" height="18" rx="2"/>'
        '<rect x="157" y="168" width="9" height="18" rx="2"/></g>'
        '<rect x="20" y="112" width="160" height="60" rx="12" fill="{dark}"/>'
        '<rect x="34" y="54" width="132" height="70" rx="16" fill="{main}"/>'
        '<rect x="50" y="74" width="34" height="34" rx="8" transform="rotate(-12 67 91)" fill="{pale}"/>'
        '<rect x="38" y="112" width="61" height="30" rx="10" fill="{light}"/>'
        '<rect x="101" y="112" width="61" height="30" rx="10" fill="{light}"/>'
        '<rect x="12" y="92" width="32" height="82" rx="14" fill="{main}"/>'
        '<rect x="156" y="92" width="32" height="82" rx="14" fill="{main}"/>'
    ),
    "dresser": (
        '<path d="M46 168v20M154 168v20" stroke="{dark}" stroke-width="8" stroke-linecap="round"/>'
        '<rect x="30" y="40" width="140" height="132" rx="8" fill="{main}"/>'
        '<rect x="24" y="34" width="152" height="14" rx="5" fill="{dark}"/>'
        '<g fill="{dark}" opacity=".28"><rect x="42" y="60" width="116" height="30" rx="4"/>'
        '<rect x="42" y="98" width="116" height="30" rx="4"/><rect x="42" y="136" width="116" height="28" rx="4"/></g>'
        '<g fill="{gold}"><rect x="90" y="72" width="20" height="6" rx="3"/>'
        '<rect x="90" y="110" width="20" height="6" rx="3"/>'
        '<rect x="90" y="147" width="20" height="6" rx="3"/></g>'
        '<path d="M40 54v108" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".18"/>'
    ),
    "table": (
        '<path d="M92 104c-6-8-6-22 0-30h16c6 8 6 22 0 30z" fill="{pale}"/>'
        '<path d="M100 74c-6-14-2-26 6-34M100 74c4-12 12-18 22-20" stroke="{leafdark}" stroke-width="3" fill="none"/>'
        + flower(106, 38, 12, "{bloom}")
        + flower(124, 52, 10, "{white}")
        + '<path d="M48 116l-12 74M152 116l12 74M70 118l-4 58M130 118l4 58" stroke="{dark}" stroke-width="8"'
        ' stroke-linecap="round"/>'
        '<rect x="32" y="112" width="136" height="12" fill="{dark}"/>'
        '<rect x="16" y="102" width="168" height="16" rx="6" fill="{main}"/>'
        '<rect x="22" y="104" width="156" height="4" rx="2" fill="{white}" opacity=".3"/>'
    ),
    "lamp": (
        '<path d="M46 92h108l34 92H12z" fill="{pale}" opacity=".35"/>'
        '<rect x="96" y="86" width="8" height="90" fill="{metal}"/>'
        '<ellipse cx="100" cy="180" rx="42" ry="10" fill="{dark}"/>'
        '<path d="M60 22h80l24 68H36z" fill="{main}"/>'
        '<path d="M60 22h80l4 12H56z" fill="{white}" opacity=".22"/>'
        '<path d="M36 90h128" stroke="{dark}" stroke-width="5" stroke-linecap="round"/>'
    ),
    "clock": (
        '<circle cx="100" cy="104" r="80" fill="{main}"/><circle cx="100" cy="104" r="66" fill="{white}"/>'
        + clock_ticks(100, 104, 60, 46, 52, 4)
        + '<path d="M100 104V60M100 104l32 18" stroke="{ink}" stroke-width="7" stroke-linecap="round"/>'
        '<path d="M100 116V50" stroke="{main}" stroke-width="2.5" stroke-linecap="round"/>'
        '<circle cx="100" cy="104" r="7" fill="{ink}"/>'
        '<path d="M42 74a66 66 0 0 1 36-34" stroke="{white}" stroke-width="6" stroke-linecap="round" opacity=".35"'
        ' fill="none"/>'
    ),
    "cushion": (
        '<path d="M30 70c30 8 110 8 140 0-8 30-8 78 0 108-30-8-110-8-140 0 8-30 8-78 0-108z" fill="{main}"/>'
        '<path d="M100 124L44 78M100 124l56-46M100 124l-56 46M100 124l56 46" stroke="{dark}" stroke-width="2"'
        ' opacity=".35"/>'
        '<path d="M56 84c8 26 8 54 0 80M144 84c-8 26-8 54 0 80" stroke="{light}" stroke-width="6" opacity=".5"'
        ' fill="none"/>'
        '<circle cx="100" cy="124" r="7" fill="{dark}"/>'
        '<g fill="{dark}"><circle cx="30" cy="70" r="5"/><circle cx="170" cy="70" r="5"/>'
        '<circle cx="30" cy="178" r="5"/><circle cx="170" cy="178" r="5"/></g>'
    ),
    "plant": (
        fan_leaves() + '<path d="M60 122h80l-10 66H70z" fill="{main}"/>'
        '<rect x="54" y="112" width="92" height="18" rx="4" fill="{dark}"/>'
        '<path d="M68 134l6 50" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".2"/>'
    ),
    "bouquet": (
        '<path d="M100 190L78 104M100 190V96M100 190l24-88M100 190L58 118M100 190l44-70" stroke="{leafdark}"'
        ' stroke-width="4"/>'
        '<path d="M66 126c-22-6-32-22-30-38 16 6 28 18 30 38z" fill="{leaf}"/>'
        '<path d="M134 120c22-8 32-24 28-40-16 6-26 20-28 40z" fill="{leaf}"/>'
        + flower(100, 70, 26, "{bloom}")
        + flower(62, 92, 22, "{bloomlight}")
        + flower(138, 88, 22, "{bloomlight}")
        + flower(80, 44, 18, "{pale}")
        + flower(124, 46, 18, "{bloom}")
        + '<path d="M56 118l44 80 44-80-22 12-22-12-22 12z" fill="{pale}"/>'
        '<path d="M100 118l-22 12 22 68z" fill="{white}" opacity=".35"/>'
        '<path d="M100 160c-12-10-26-8-24 0s16 6 24 0c8 6 22 8 24 0s-12-10-24 0z" fill="{dark}"/>'
    ),
    "vase": (
        '<path d="M100 100C96 72 84 52 68 38M100 100c2-28 8-48 20-64M100 100c10-20 26-30 46-32" stroke="{leafdark}"'
        ' stroke-width="3.5" fill="none"/>'
        '<path d="M84 70c-14-2-22-10-24-22 12 2 22 10 24 22z" fill="{leaf}"/>'
        + flower(68, 38, 18, "{bloom}")
        + flower(120, 32, 16, "{white}")
        + flower(146, 66, 16, "{bloomlight}")
        + '<path d="M84 98h32c0 10 10 18 16 34 8 22-2 48-20 56H88c-18-8-28-34-20-56 6-16 16-24 16-34z" fill="{main}"/>'
        '<rect x="80" y="92" width="40" height="10" rx="4" fill="{dark}"/>'
        '<path d="M80 132c-4 14-2 30 6 42" stroke="{white}" stroke-width="6" opacity=".3" fill="none"'
        ' stroke-linecap="round"/>'
    ),
    "wreath": (
        '<circle cx="100" cy="104" r="62" fill="none" stroke="{leafdark}" stroke-width="30"/>'
        + wreath_leaves()
        + '<path d="M96 168l-14 24 11-3 5 8 4-29zM104 168l14 24-11-3-5 8-4-29z" fill="{dark}"/>'
        '<path d="M100 166c-10-16-36-20-38-6s24 12 38 6zM100 166c10-16 36-20 38-6s-24 12-38 6z" fill="{main}"/>'
        '<circle cx="100" cy="166" r="6" fill="{dark}"/>'
    ),
    "mug": (
        '<path d="M72 54c-8-10 8-16 0-28M96 50c-8-10 8-16 0-28M120 54c-8-10 8-16 0-28" stroke="{white}"'
        ' stroke-width="5" stroke-linecap="round" fill="none" opacity=".85"/>'
        '<path d="M140 92h14c14 0 22 10 22 24s-8 24-22 24h-14" fill="none" stroke="{dark}" stroke-width="11"/>'
        '<path d="M40 70h104v92c0 16-12 28-28 28H68c-16 0-28-12-28-28z" fill="{main}"/>'
        '<ellipse cx="92" cy="70" rx="52" ry="8" fill="{dark}"/>'
        '<rect x="40" y="112" width="104" height="14" fill="{light}" opacity=".6"/>'
        '<path d="M52 84v70" stroke="{white}" stroke-width="6" stroke-linecap="round" opacity=".22"/>'
    ),
    "bowl": (
        '<path d="M74 174h52l4 14H70z" fill="{dark}"/>'
        '<path d="M22 96h156c0 48-34 82-78 82s-78-34-78-82z" fill="{main}"/>'
        '<path d="M36 122c16 8 32 8 44 0s28-8 44 0 30 8 42 0" stroke="{white}" stroke-width="4" fill="none"'
        ' opacity=".5"/>'
        '<ellipse cx="100" cy="96" rx="78" ry="14" fill="{dark}"/>'
        '<ellipse cx="100" cy="94" rx="70" ry="9" fill="{pale}" opacity=".55"/>'
    ),
    "pot": (
        '<rect x="6" y="88" width="32" height="12" rx="6" fill="{ink}"/>'
        '<rect x="162" y="88" width="32" height="12" rx="6" fill="{ink}"/>'
        '<path d="M30 80h140v82c0 16-12 26-28 26H58c-16 0-28-10-28-26z" fill="{main}"/>'
        '<path d="M24 82c0-22 34-36 76-36s76 14 76 36z" fill="{dark}"/>'
        '<rect x="86" y="30" width="28" height="16" rx="6" fill="{ink}"/>'
        '<rect x="42" y="94" width="10" height="74" rx="5" fill="{white}" opacity=".22"/>'
    ),
    "bottle": (
        '<path d="M90 18h34v9h-24v16h-10z" fill="{ink}"/><rect x="88" y="40" width="24" height="14" fill="{ink}"/>'
        '<rect x="58" y="52" width="84" height="136" rx="18" fill="{main}"/>'
        '<rect x="70" y="96" width="60" height="56" rx="8" fill="{white}" opacity=".92"/>'
        '<path d="M100 144c-12-8-12-26 0-36 12 10 12 28 0 36z" fill="{leaf}"/>'
        '<rect x="66" y="62" width="8" height="112" rx="4" fill="{white}" opacity=".25"/>'
    ),
    "hairdryer": (
        '<path d="M100 182c0 10 22 12 34 2" stroke="{ink}" stroke-width="3" fill="none"/>'
        '<path d="M84 94h32l-6 90H90z" fill="{dark}"/>'
        '<rect x="97" y="112" width="10" height="20" rx="3" fill="{ink}"/>'
        '<rect x="24" y="40" width="130" height="62" rx="31" fill="{main}"/>'
        '<path d="M152 52h32v38h-32z" fill="{dark}"/>'
        '<circle cx="52" cy="71" r="21" fill="{dark}"/>'
        '<path d="M40 71h24M52 59v24" stroke="{pale}" stroke-width="3"/>'
        '<path d="M80 50h56" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".3"/>'
    ),
    "ornament": (
        '<circle cx="100" cy="14" r="7" fill="none" stroke="{metal}" stroke-width="3"/>'
        '<path d="M100 21v12" stroke="{metal}" stroke-width="3"/>'
        '<rect x="87" y="32" width="26" height="15" rx="3" fill="{gold}"/>'
        '<circle cx="100" cy="116" r="70" fill="{main}"/>'
        '<path d="M31 106c40 16 98 16 138 0v20c-40 16-98 16-138 0z" fill="{light}" opacity=".75"/>'
        '<path d="M36 116l12 8 12-8 12 8 12-8 12 8 12-8 12 8 12-8 12 8 12-8 12 8" stroke="{white}" stroke-width="3"'
        ' fill="none" stroke-linejoin="round"/>'
        '<ellipse cx="72" cy="80" rx="13" ry="22" transform="rotate(35 72 80)" fill="{white}" opacity=".35"/>'
    ),
    "egg": (
        '<path d="M100 22c36 0 64 64 64 106 0 38-28 62-64 62s-64-24-64-62c0-42 28-106 64-106z" fill="{main}"/>'
        '<path d="M42 108c20-10 38 10 58 0s38-10 58 0" stroke="{white}" stroke-width="8" fill="none"/>'
        '<path d="M38 140c20 10 42-10 62 0s42 10 62 0" stroke="{light}" stroke-width="8" fill="none"/>'
        '<g fill="{pale}"><circle cx="84" cy="70" r="6"/><circle cx="110" cy="60" r="5"/>'
        '<circle cx="118" cy="84" r="6"/>'
        '<circle cx="96" cy="170" r="5"/><circle cx="124" cy="166" r="4"/></g>'
        '<ellipse cx="70" cy="92" rx="8" ry="22" transform="rotate(20 70 92)" fill="{white}" opacity=".3"/>'
    ),
    "pumpkin": (
        '<path d="M100 58c0-14 4-26 14-36" stroke="{leafdark}" stroke-width="9" stroke-linecap="round" fill="none"/>'
        '<path d="M112 42c14-14 34-12 42-2-14 10-30 10-42 2z" fill="{leaf}"/>'
        '<ellipse cx="62" cy="126" rx="44" ry="58" fill="{dark}"/>'
        '<ellipse cx="138" cy="126" rx="44" ry="58" fill="{dark}"/>'
        '<ellipse cx="84" cy="126" rx="40" ry="62" fill="{main}"/>'
        '<ellipse cx="116" cy="126" rx="40" ry="62" fill="{main}"/>'
        '<ellipse cx="100" cy="126" rx="26" ry="64" fill="{light}" opacity=".55"/>'
    ),
    "heart": (
        '<path d="M100 184C40 144 14 106 20 72c6-30 40-44 64-26 8 6 12 12 16 18 4-6 8-12 16-18 24-18 58-4 64 26'
        ' 6 34-20 72-80 112z" fill="{main}"/>'
        '<path d="M46 70c4-12 16-18 28-14" stroke="{white}" stroke-width="8" stroke-linecap="round" opacity=".4"'
        ' fill="none"/>'
        '<path d="M160 22c-6-6-16-2-16 6 0 8 16 16 16 16s16-8 16-16c0-8-10-12-16-6z" fill="{light}"/>'
    ),
    "gift": (
        '<rect x="30" y="84" width="140" height="104" rx="6" fill="{main}"/>'
        '<rect x="22" y="62" width="156" height="30" rx="6" fill="{dark}"/>'
        '<rect x="92" y="62" width="16" height="126" fill="{gold}"/>'
        '<path d="M100 62c-10-24-44-34-50-16-4 14 26 18 50 16zM100 62c10-24 44-34 50-16 4 14-26 18-50 16z"'
        ' fill="{gold}"/>'
        '<rect x="38" y="96" width="10" height="84" rx="5" fill="{white}" opacity=".2"/>'
    ),
}
