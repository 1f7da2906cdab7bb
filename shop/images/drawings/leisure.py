"""Electronics, outdoors and book drawings."""

from __future__ import annotations

from .shapes import clock_ticks, computer_keys

LEISURE: dict[str, str] = {
    "book": (
        '<g transform="rotate(-9 110 110)"><rect x="70" y="28" width="86" height="146" rx="4" fill="{dark}"/>'
        '<rect x="78" y="28" width="7" height="146" fill="{ink}" opacity=".2"/></g>'
        '<path d="M136 44h8a3 3 0 0 1 3 3v138a3 3 0 0 1-3 3h-8z" fill="{white}"/>'
        '<path d="M140 50v130" stroke="{metal}" stroke-width="1"/>'
        '<rect x="46" y="40" width="94" height="150" rx="4" fill="{main}"/>'
        '<rect x="46" y="40" width="13" height="150" rx="3" fill="{dark}"/>'
        '<rect x="72" y="68" width="54" height="7" rx="3.5" fill="{white}" opacity=".9"/>'
        '<rect x="72" y="83" width="38" height="5" rx="2.5" fill="{white}" opacity=".6"/>'
        '<circle cx="99" cy="132" r="17" fill="{light}"/><circle cx="99" cy="132" r="7" fill="{main}"/>'
        '<path d="M118 188v14l5-4 5 4v-14z" fill="{gold}"/>'
    ),
    "openbook": (
        '<path d="M100 62c-20-14-50-18-84-14v118c34-4 64 0 84 14z" fill="{white}"/>'
        '<path d="M100 62c20-14 50-18 84-14v118c-34-4-64 0-84 14z" fill="{pale}"/>'
        '<path d="M12 52v122c34-4 66 0 88 16 22-16 54-20 88-16V52" fill="none" stroke="{main}" stroke-width="8"'
        ' stroke-linejoin="round"/>'
        '<path d="M30 80h54M30 94h54M30 108h40M30 122h54M30 136h46" stroke="{metal}" stroke-width="4"'
        ' stroke-linecap="round"/>'
        '<path d="M118 86c20 10 30 30 52 30M114 130c20 0 32 18 56 18" stroke="{main}" stroke-width="3"'
        ' stroke-dasharray="6 5" fill="none"/>'
        '<path d="M150 92c-8 0-14 6-14 14 0 10 14 22 14 22s14-12 14-22c0-8-6-14-14-14z" fill="{dark}"/>'
        '<circle cx="150" cy="106" r="5" fill="{white}"/>'
    ),
    "camera": (
        '<path d="M68 58l10-18h44l10 18z" fill="{dark}"/>'
        '<rect x="30" y="44" width="22" height="10" rx="3" fill="{ink}"/>'
        '<rect x="20" y="56" width="160" height="114" rx="16" fill="{main}"/>'
        '<rect x="20" y="86" width="160" height="56" fill="{ink}" opacity=".18"/>'
        '<rect x="144" y="68" width="24" height="12" rx="3" fill="{pale}"/>'
        '<circle cx="100" cy="114" r="46" fill="{ink}"/><circle cx="100" cy="114" r="36" fill="{metal}"/>'
        '<circle cx="100" cy="114" r="28" fill="#111827"/><circle cx="100" cy="114" r="15" fill="{dark}"/>'
        '<circle cx="89" cy="102" r="7" fill="{white}" opacity=".55"/>'
    ),
    "headphones": (
        '<path d="M40 124V100a60 60 0 0 1 120 0v24" fill="none" stroke="{dark}" stroke-width="13"'
        ' stroke-linecap="round"/>'
        '<path d="M48 98a52 52 0 0 1 104 0" fill="none" stroke="{light}" stroke-width="3" opacity=".6"/>'
        '<rect x="20" y="110" width="46" height="72" rx="21" fill="{main}"/>'
        '<rect x="52" y="118" width="18" height="56" rx="8" fill="{ink}"/>'
        '<rect x="134" y="110" width="46" height="72" rx="21" fill="{main}"/>'
        '<rect x="130" y="118" width="18" height="56" rx="8" fill="{ink}"/>'
        '<rect x="29" y="122" width="8" height="42" rx="4" fill="{white}" opacity=".28"/>'
        '<rect x="163" y="122" width="8" height="42" rx="4" fill="{white}" opacity=".18"/>'
    ),
    "laptop": (
        '<rect x="34" y="40" width="132" height="96" rx="8" fill="{ink}"/>'
        '<rect x="42" y="48" width="116" height="80" rx="3" fill="{main}"/>'
        '<path d="M42 128l46-44 30 26 20-16 20 18v16z" fill="{dark}" opacity=".55"/>'
        '<circle cx="132" cy="70" r="9" fill="{pale}"/>'
        '<path d="M12 140h176l-10 20H22z" fill="{metal}"/>'
        '<rect x="84" y="140" width="32" height="5" rx="2" fill="{ink}" opacity=".3"/>'
    ),
    "pckeyboard": (
        '<path d="M100 76c0-20 20-20 20-40" stroke="{ink}" stroke-width="4" fill="none"/>'
        '<rect x="10" y="76" width="180" height="76" rx="10" fill="{main}"/>'
        '<rect x="10" y="140" width="180" height="12" rx="6" fill="{dark}"/>' + computer_keys()
    ),
    "phone": (
        '<rect x="56" y="12" width="88" height="176" rx="18" fill="{ink}"/>'
        '<rect x="63" y="22" width="74" height="156" rx="11" fill="{main}"/>'
        '<g fill="{pale}" opacity=".85">'
        + "".join(
            f'<rect x="{72 + c * 19}" y="{40 + r * 22}" width="13" height="13" rx="4"/>'
            for r in range(4)
            for c in range(3)
        )
        + "</g>"
        '<rect x="88" y="16" width="24" height="4" rx="2" fill="{metal}"/>'
        '<path d="M63 130l74-60v30l-74 60z" fill="{white}" opacity=".12"/>'
    ),
    "speaker": (
        '<rect x="48" y="18" width="104" height="170" rx="16" fill="{main}"/>'
        '<rect x="54" y="24" width="10" height="158" rx="5" fill="{white}" opacity=".18"/>'
        '<circle cx="100" cy="64" r="23" fill="{ink}"/><circle cx="100" cy="64" r="10" fill="{dark}"/>'
        '<circle cx="100" cy="132" r="38" fill="{ink}"/><circle cx="100" cy="132" r="24" fill="{dark}"/>'
        '<circle cx="100" cy="132" r="9" fill="{metal}"/>'
    ),
    "tv": (
        '<path d="M66 184h68M100 156v28" stroke="{ink}" stroke-width="8" stroke-linecap="round"/>'
        '<rect x="8" y="36" width="184" height="122" rx="8" fill="{ink}"/>'
        '<rect x="15" y="43" width="170" height="108" rx="3" fill="{main}"/>'
        '<path d="M15 151l50-52 30 28 32-36 58 60z" fill="{dark}"/>'
        '<circle cx="146" cy="74" r="12" fill="{pale}"/>'
        '<path d="M15 43h70l-50 108H15z" fill="{white}" opacity=".08"/>'
    ),
    "cable": (
        '<path d="M52 80C30 60 36 34 56 24" stroke="{main}" stroke-width="10" fill="none" stroke-linecap="round"/>'
        '<ellipse cx="100" cy="112" rx="64" ry="48" fill="none" stroke="{main}" stroke-width="10"/>'
        '<ellipse cx="100" cy="112" rx="44" ry="30" fill="none" stroke="{dark}" stroke-width="10"/>'
        '<path d="M150 142c20 16 20 34 4 44" stroke="{main}" stroke-width="10" fill="none" stroke-linecap="round"/>'
        '<rect x="130" y="178" width="36" height="16" rx="4" fill="{ink}"/>'
        '<rect x="164" y="182" width="14" height="8" rx="1" fill="{metal}"/>'
        '<rect x="44" y="10" width="32" height="16" rx="4" fill="{ink}" transform="rotate(-25 60 18)"/>'
    ),
    "watch": (
        '<path d="M78 8h44l-4 60H82z" fill="{dark}"/><path d="M82 132h36l4 60H78z" fill="{dark}"/>'
        '<g fill="{pale}" opacity=".7"><circle cx="100" cy="158" r="3"/><circle cx="100" cy="172" r="3"/></g>'
        '<rect x="144" y="93" width="11" height="14" rx="3" fill="{metal}"/>'
        '<circle cx="100" cy="100" r="47" fill="{metal}"/><circle cx="100" cy="100" r="40" fill="{main}"/>'
        '<circle cx="100" cy="100" r="35" fill="{pale}"/>'
        + clock_ticks(100, 100, 30, 24, 27, 2.5)
        + '<path d="M100 100V74M100 100l17 11" stroke="{ink}" stroke-width="4" stroke-linecap="round"/>'
        '<circle cx="100" cy="100" r="4" fill="{main}"/>'
    ),
    "tent": (
        '<path d="M100 30L14 182h172z" fill="{main}"/>'
        '<path d="M100 30l86 152h-24z" fill="{dark}" opacity=".5"/>'
        '<path d="M100 30L68 182h64z" fill="{dark}"/>'
        '<path d="M100 74L82 182h36z" fill="{ink}" opacity=".7"/>'
        '<path d="M100 30V14M14 182L2 192M186 182l12 10" stroke="{ink}" stroke-width="4" stroke-linecap="round"/>'
        '<path d="M100 14l18 7-18 7z" fill="{gold}"/>'
    ),
    "fishingrod": (
        '<path d="M170 16c10 40 8 90-4 122" stroke="{ink}" stroke-width="1.5" fill="none" opacity=".6"/>'
        '<path d="M30 186L170 16" stroke="{ink}" stroke-width="5" stroke-linecap="round"/>'
        '<path d="M30 186l34-42" stroke="{main}" stroke-width="13" stroke-linecap="round"/>'
        '<g fill="none" stroke="{metal}" stroke-width="2"><circle cx="110" cy="89" r="4"/>'
        '<circle cx="140" cy="53" r="3"/></g>'
        '<circle cx="72" cy="150" r="17" fill="{metal}"/><circle cx="72" cy="150" r="6" fill="{dark}"/>'
        '<path d="M72 150l18 8" stroke="{ink}" stroke-width="4" stroke-linecap="round"/>'
        '<path d="M154 140c8-8 20-6 24 4-8 8-20 8-24-4z" fill="{main}"/><circle cx="172" cy="142" r="2" fill="{ink}"/>'
    ),
    "paddle": (
        '<rect x="96" y="30" width="8" height="140" fill="{ink}"/>'
        '<path d="M100 4c16 0 22 16 20 36-2 12-10 20-20 20s-18-8-20-20c-2-20 4-36 20-36z" fill="{main}"/>'
        '<path d="M100 196c-16 0-22-16-20-36 2-12 10-20 20-20s18 8 20 20c2 20-4 36-20 36z" fill="{main}"/>'
        '<path d="M100 10v46M100 144v46" stroke="{dark}" stroke-width="3"/>'
        '<g fill="{dark}"><rect x="93" y="76" width="14" height="16" rx="4"/><rect x="93" y="108" width="14"'
        ' height="16" rx="4"/></g>'
    ),
    "petbowl": (
        '<g transform="rotate(-15 100 70)" fill="{white}"><rect x="60" y="62" width="80" height="16" rx="8"/>'
        '<circle cx="60" cy="62" r="10"/><circle cx="60" cy="78" r="10"/><circle cx="140" cy="62" r="10"/>'
        '<circle cx="140" cy="78" r="10"/></g>'
        '<path d="M30 128h140l-14 54H44z" fill="{main}"/>'
        '<ellipse cx="100" cy="128" rx="70" ry="13" fill="{dark}"/>'
        '<g fill="{wood}"><circle cx="76" cy="126" r="6"/><circle cx="92" cy="122" r="6"/>'
        '<circle cx="108" cy="126" r="6"/>'
        '<circle cx="124" cy="122" r="6"/></g>'
        '<g fill="{white}" opacity=".6"><circle cx="100" cy="160" r="8"/><circle cx="88" cy="147" r="4"/>'
        '<circle cx="100" cy="143" r="4"/><circle cx="112" cy="147" r="4"/></g>'
    ),
}
