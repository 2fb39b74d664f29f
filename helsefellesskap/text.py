"""Plain text with light markup → safe HTML, rendered once when the text is saved.

The secretariat writes saker and referat in plain text: a blank line starts a paragraph, lines
that start with «- » make a bullet list, «1. » (or «1) ») lines a numbered list in that style,
with lettered «a. » lines under a number nested under it. ``render_html`` turns that
into HTML (everything escaped, then passed through nh3); models keep the result in a companion
field (``hensikt`` → ``hensikt_html``) filled whenever the text is written, so a page shows the
stored HTML instead of parsing and sanitising every text at every request."""

from __future__ import annotations

import re
from collections.abc import Iterable

import nh3
from django.db import models
from django.db.models.signals import pre_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_PUNKT = re.compile(r"^\s*[-•o]\s+(.*)$")
_NUMBER = re.compile(r"^\s*(\d+)([.)])\s*(.*)$")
# A lettered sub-point under a numbered one: «a. …», «b) …», also written as a bullet «- a. …».
_LETTER = re.compile(r"^\s*(?:[-•]\s+)?([a-z])([.)])\s+(.*)$")
_ALLOWED_TAGS = {"p", "ul", "ol", "li", "br", "strong", "em", "a"}


def _ol(start: int, skilletegn: str, items: list[str], *, bokstaver: bool = False) -> str:
    """An ordered list in the author's style: «1)» gets the class ``parentes`` (the stylesheets
    give it a «1)» marker; the default is «1.»), letters are ``type="a"``."""
    attrs = ' type="a"' if bokstaver else ""
    if start != 1:
        attrs += f' start="{start}"'
    if skilletegn == ")":
        attrs += ' class="parentes"'
    return f"<ol{attrs}>" + "".join(items) + "</ol>"


def _numbered_list(linjer: list[str], i: int, blocks: list[str]) -> int:
    """The numbered list starting at line ``i``, with the lettered sub-points under each
    number nested inside its item (SSU sak 17/26: «2. … a. … b. …»). Returns the next line."""
    first = _NUMBER.match(linjer[i])
    assert first is not None
    start, skilletegn = int(first.group(1)), first.group(2)
    items: list[str] = []
    while i < len(linjer):
        nummer = _NUMBER.match(linjer[i])
        if nummer is None:
            break
        i += 1
        under: list[str] = []
        under_skille = "."
        while i < len(linjer) and (bokstav := _LETTER.match(linjer[i])):
            # Only a run «a», «b», «c» … counts: «i. e.» or a stray letter is text.
            if ord(bokstav.group(1)) - ord("a") != len(under):
                break
            under_skille = bokstav.group(2) if not under else under_skille
            under.append(f"<li>{escape(bokstav.group(3))}</li>")
            i += 1
        sub = _ol(1, under_skille, under, bokstaver=True) if under else ""
        items.append(f"<li>{escape(nummer.group(3))}{sub}</li>")
    blocks.append(_ol(start, skilletegn, items))
    return i


def render_html(tekst: str | None) -> str:
    """Plain text → HTML: blank lines separate paragraphs, «- » lines make a bullet list,
    «1. » lines a numbered list. Everything is escaped, then passed through nh3."""
    if not tekst:
        return ""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", tekst.strip().replace("\r\n", "\n")):
        linjer = paragraph.split("\n")
        i = 0
        text_lines: list[str] = []

        def clear(text_lines: list[str] = text_lines) -> None:
            if text_lines:
                blocks.append("<p>" + "<br>".join(escape(t) for t in text_lines) + "</p>")
                text_lines.clear()

        while i < len(linjer):
            line = linjer[i]
            if _PUNKT.match(line):
                clear()
                punkter = []
                while i < len(linjer) and (punkt := _PUNKT.match(linjer[i])):
                    punkter.append(punkt.group(1))
                    i += 1
                blocks.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in punkter) + "</ul>")
                continue
            m = _NUMBER.match(line)
            if m and (i + 1 < len(linjer) and _NUMBER.match(linjer[i + 1]) or m.group(1) == "1"):
                clear()
                i = _numbered_list(linjer, i, blocks)
                continue
            text_lines.append(line.strip())
            i += 1
        clear()
    html = "".join(blocks)
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"ol": {"start", "type", "class"}})


def html_field(source: str) -> models.TextField:
    """The companion field that holds ``render_html`` of the text field ``source``."""
    return models.TextField(f"{source} som HTML", blank=True, default="", editable=False)


class _Html:
    """``obj.html.<field>``: the stored HTML of a text field, safe to show."""

    __slots__ = ("_obj",)

    def __init__(self, obj: WithTextHtml) -> None:
        self._obj = obj

    def __getattr__(self, felt: str) -> SafeString:
        if felt not in self._obj.TEXT_FIELDS:
            raise AttributeError(felt)
        tekst = getattr(self._obj, felt)
        html = getattr(self._obj, f"{felt}_html")
        if tekst and not html:  # an object not saved since its text was set
            html = render_html(tekst)
        # Only ever what render_html produced: the _html fields are not editable and are
        # written by MedTekstHtml.render_html alone.
        return mark_safe(html)  # noqa: S308


class WithTextHtml(models.Model):
    """A model whose text fields (``TEKSTFELTER``) each have an ``<field>_html`` companion,
    rendered whenever the text is saved: in ``save()``, and by ``render_html()`` for writes
    that bypass it (bulk_create, bulk_update, QuerySet.update)."""

    TEXT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, update_fields: Iterable[str] | None = None, **kwargs) -> None:
        if update_fields is None:
            self.render_html()
        else:
            update_fields = list(update_fields)
            endret = [f for f in self.TEXT_FIELDS if f in update_fields]
            update_fields += [f for f in self.render_html(endret) if f not in update_fields]
        super().save(*args, update_fields=update_fields, **kwargs)

    def render_html(self, felter: Iterable[str] | None = None) -> list[str]:
        """Render the HTML of ``felter`` (default: every text field); return the names of the
        HTML fields set, for an ``update_fields`` or a ``bulk_update``."""
        satt = []
        for felt in self.TEXT_FIELDS if felter is None else felter:
            setattr(self, f"{felt}_html", render_html(getattr(self, felt)))
            satt.append(f"{felt}_html")
        return satt

    @property
    def html(self) -> _Html:
        return _Html(self)


def _raw_storage(sender, instance, raw: bool = False, **kwargs) -> None:
    # loaddata saves through save_base, not save(): fixtures and data files get their HTML too.
    if raw and isinstance(instance, WithTextHtml):
        instance.render_html()


pre_save.connect(_raw_storage, dispatch_uid="tekst-html-raa-lagring")
