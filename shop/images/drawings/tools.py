"""Tool drawings: hammer, axe, drill, knife, pliers, saw, screwdriver, toolbox, wrench."""

from __future__ import annotations

from .shapes import saw_teeth

TOOLS: dict[str, str] = {
    "hammer": (
        '<rect x="92" y="60" width="16" height="134" rx="6" fill="{wood}"/>'
        '<rect x="92" y="128" width="16" height="66" rx="6" fill="{main}"/>'
        '<path d="M96 136v50" stroke="{white}" stroke-width="3" stroke-linecap="round" opacity=".3"/>'
        '<path d="M48 36h84c10 0 16 6 16 14v4c0 8-6 14-16 14H48c-4 0-6-2-6-6V42c0-4 2-6 6-6z" fill="{metal}"/>'
        '<path d="M148 42c16 0 28 8 36 22-12-6-24-6-36 0z" fill="{metal}"/>'
        '<rect x="42" y="58" width="106" height="10" fill="{ink}" opacity=".18"/>'
    ),
    "axe": (
        '<rect x="93" y="26" width="14" height="166" rx="7" fill="{wood}"/>'
        '<rect x="93" y="148" width="14" height="44" rx="7" fill="{main}"/>'
        '<path d="M107 28h26c20 6 32 24 34 50-14-8-32-10-48-6h-12z" fill="{metal}"/>'
        '<path d="M133 28c20 6 32 24 34 50" stroke="{white}" stroke-width="3" opacity=".7" fill="none"/>'
        '<rect x="84" y="26" width="26" height="40" rx="4" fill="{dark}"/>'
    ),
    "drill": (
        '<path d="M72 96h36l-8 64H80z" fill="{dark}"/>'
        '<rect x="56" y="156" width="68" height="30" rx="7" fill="{ink}"/>'
        '<rect x="62" y="162" width="22" height="6" rx="3" fill="{leaf}"/>'
        '<path d="M30 50h108c14 0 24 10 24 24s-10 24-24 24H30c-6 0-10-4-10-10V60c0-6 4-10 10-10z" fill="{main}"/>'
        '<path d="M40 62v24M50 62v24M60 62v24" stroke="{dark}" stroke-width="3" stroke-linecap="round"/>'
        '<rect x="160" y="62" width="18" height="24" rx="4" fill="{ink}"/>'
        '<path d="M178 74h20" stroke="{metal}" stroke-width="5" stroke-linecap="round"/>'
        '<rect x="106" y="100" width="8" height="20" rx="3" fill="{ink}"/>'
        '<path d="M40 56h96" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".3"/>'
    ),
    "knife": (
        '<path d="M132 90v34H26c8-18 36-34 106-34z" fill="{metal}"/>'
        '<path d="M28 122h104" stroke="{white}" stroke-width="3" opacity=".8"/>'
        '<rect x="130" y="92" width="64" height="28" rx="11" fill="{main}"/>'
        '<g fill="{metal}"><circle cx="148" cy="106" r="3.5"/><circle cx="164" cy="106" r="3.5"/>'
        '<circle cx="180" cy="106" r="3.5"/></g>'
    ),
    "pliers": (
        '<path d="M92 102L56 186M108 102l36 84" stroke="{main}" stroke-width="18" stroke-linecap="round"/>'
        '<path d="M92 102L82 24c0-7 9-9 12-2l12 80z" fill="{metal}"/>'
        '<path d="M108 102l10-78c0-7-9-9-12-2L94 102z" fill="{metal}"/>'
        '<circle cx="100" cy="102" r="11" fill="{dark}"/><circle cx="100" cy="102" r="4" fill="{metal}"/>'
        '<path d="M62 172l20-50" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".3"/>'
    ),
    "saw": (
        '<path d="M20 84h130v36L20 150z" fill="{metal}"/>' + saw_teeth() + '<path d="M30 92h110" stroke="{white}"'
        ' stroke-width="3" opacity=".6"/>'
        '<path d="M146 70h30c8 0 14 6 14 14v50c0 8-6 14-14 14h-30z" fill="{main}"/>'
        '<rect x="158" y="88" width="20" height="40" rx="9" fill="{pale}"/>'
        '<g fill="{metal}"><circle cx="152" cy="84" r="3"/><circle cx="152" cy="134" r="3"/></g>'
    ),
    "screwdriver": (
        '<rect x="82" y="18" width="36" height="84" rx="16" fill="{main}"/>'
        '<path d="M92 32v56M100 32v56M108 32v56" stroke="{dark}" stroke-width="3" stroke-linecap="round"/>'
        '<rect x="88" y="100" width="24" height="10" rx="3" fill="{dark}"/>'
        '<rect x="96" y="108" width="8" height="72" fill="{metal}"/>'
        '<path d="M96 180h8l-2 12h-4z" fill="{ink}"/>'
    ),
    "toolbox": (
        '<rect x="118" y="26" width="10" height="44" rx="3" fill="{metal}" transform="rotate(12 123 48)"/>'
        '<rect x="72" y="30" width="12" height="40" rx="5" fill="{wood}" transform="rotate(-10 78 50)"/>'
        '<path d="M70 66V52c0-6 4-10 10-10h40c6 0 10 4 10 10v14" stroke="{ink}" stroke-width="8" fill="none"/>'
        '<rect x="20" y="64" width="160" height="122" rx="10" fill="{main}"/>'
        '<rect x="20" y="64" width="160" height="36" rx="10" fill="{dark}"/>'
        '<g fill="{metal}"><rect x="42" y="92" width="18" height="20" rx="3"/><rect x="140" y="92" width="18"'
        ' height="20" rx="3"/></g>'
        '<path d="M30 126h140" stroke="{white}" stroke-width="3" opacity=".2"/>'
    ),
    "wrench": (
        '<path d="M86 12v26h28V12a34 34 0 1 1-28 0z" fill="{metal}"/>'
        '<rect x="89" y="66" width="22" height="104" rx="8" fill="{metal}"/>'
        '<rect x="89" y="110" width="22" height="62" rx="10" fill="{main}"/>'
        '<circle cx="100" cy="176" r="18" fill="{metal}"/><circle cx="100" cy="176" r="8" fill="{dark}"/>'
        '<path d="M94 74v30" stroke="{white}" stroke-width="3" stroke-linecap="round" opacity=".5"/>'
    ),
}
