"""Amounts written as the seeds write them («700 000 kr», «808 985 kr») and the colour of a
tiltak's status."""

from __future__ import annotations

from django import template

register = template.Library()
NBSP = "\u00a0"


@register.filter
def kroner(verdi) -> str:
    """700000 → «700 000 kr» (non-breaking spaces: an amount never wraps); None → «–»."""
    if verdi is None or verdi == "":
        return "–"
    belop = int(verdi)
    tall = f"{abs(belop):,}".replace(",", NBSP)
    return f"{'−' if belop < 0 else ''}{tall}{NBSP}kr"


STATUS_FARGE = {
    "planlagt": "neutral",
    "pagar": "info",
    "fullfort": "success",
    "avsluttet": "neutral",
    "utsatt": "warning",
}


@register.filter
def status_farge(status: str) -> str:
    """The Designsystemet colour of a tiltak's status tag."""
    return STATUS_FARGE.get(status, "neutral")
