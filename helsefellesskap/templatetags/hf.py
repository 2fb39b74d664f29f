"""Template filters shared by pages and documents: plain text with light markup, and dates
written as in the seeds (29.02.24 in tables, «7. mai 2026» in prose)."""

from __future__ import annotations

import datetime
import re

from django import template
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from helsefellesskap import limits, links, pagecache
from helsefellesskap.text import render_html

register = template.Library()


@register.filter(is_safe=True)
def tekst(verdi: str | None) -> SafeString:
    """Text rendered at this request: for text without a stored ``<field>_html`` (models with
    one show ``obj.html.<field>``, rendered when it was saved)."""
    return mark_safe(render_html(verdi or ""))  # noqa: S308 - escaped and sanitised there


def _local(verdi):
    if isinstance(verdi, datetime.datetime):
        return timezone.localtime(verdi) if timezone.is_aware(verdi) else verdi
    return verdi


@register.filter
def short_date(verdi) -> str:
    """29.02.24"""
    if not verdi:
        return ""
    return formats.date_format(_local(verdi), "d.m.y")


@register.filter
def long_date(verdi) -> str:
    """7. mai 2026"""
    if not verdi:
        return ""
    return formats.date_format(_local(verdi), "j. F Y")


@register.filter
def clock(verdi) -> str:
    """13.00"""
    if not verdi:
        return ""
    return formats.date_format(_local(verdi), "H.i")


@register.filter(is_safe=True)
def epost_wbr(verdi: str | None) -> SafeString:
    """An e-mail address that may wrap after «@» and each «.» (never inside a word), for
    narrow columns: «kari.nordmann@<wbr>faerder.<wbr>kommune.<wbr>no»."""
    tekst = str(escape(verdi or ""))
    return mark_safe(re.sub(r"([@.])", r"\1<wbr>", tekst))  # noqa: S308 - escaped above


@register.filter
def web_link(verdi: str | None) -> str:
    """The link if it is http(s), else empty: never an href="javascript:…"."""
    return verdi if verdi and limits.is_web_link(verdi) else ""


@register.simple_tag
def pk_url(navn: str, pk: int) -> str:
    """``{% url navn pk %}`` for a pattern whose only argument is ``<int:pk>``, without a
    ``reverse()`` each time (for links repeated per sak or vedlegg on a page)."""
    return links.pk_url(navn, pk)


_GRUNNDATA = "hf.fragment.grunndata"


class FragmentNode(template.Node):
    def __init__(self, name: str, parts: list, nodelist) -> None:
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context) -> str:
        # The master-data version, read once per rendering of the template (in the worker, too,
        # where there is no request to remember it).
        if _GRUNNDATA not in context.render_context:
            context.render_context[_GRUNNDATA] = pagecache.grunndata()
        # An empty value (a sak with no start time) is a value like any other here; only a
        # master-data version that cannot be read means: not cached (pagecache.fragment).
        values = ("" if v is None else v for v in (p.resolve(context) for p in self.parts))
        parts = ("mal", self.name, context.render_context[_GRUNNDATA], *values)
        return mark_safe(pagecache.fragment(parts, lambda: self.nodelist.render(context)))  # noqa: S308


@register.tag
def fragment(parser, token):
    """``{% fragment "name" version … %}…{% endfragment %}``: what is inside, cached under the
    name, the given values and the master-data version (``pagecache.fragment``). The values
    must hold the versions of everything inside reads (a sak's ``versjon`` covers the sak and
    what hangs on it), and every context value inside that is not derived from them."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% fragment %} needs a name and at least one value")
    name = bits[1].strip("\"'")
    parts = [parser.compile_filter(b) for b in bits[2:]]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(name, parts, nodelist)
