"""News feeds (Atom, Django's syndication framework) of the published innkallinger and
referater: all public bodies (``/feed/``) and one body (``/feed/<slug>/``), what anyone can
subscribe to instead of copying files by hand. Only public meetings of public bodies
(``moter.access.mote_public_q``), each item dated when it was published, linking the meeting
page and, as an enclosure, the public PDF when it is published. The same for every reader: the
feeds are public by nature. Links are on ``settings.PORTAL_URL``, like the e-mails'."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed

from helsefellesskap.links import absolute_url
from helsefellesskap.models import Nettsted, Organ
from helsefellesskap.templatetags.hf import clock, long_date

from . import publication
from .access import mote_public_q
from .models import Dokument, Mote

LIMIT = 50
MAX_AGE = 15 * 60


@dataclass
class Item:
    mote: Mote
    art: str  # "innkalling" or "referat"
    dokument: Dokument | None

    @property
    def publisert(self):
        return (
            self.mote.innkalling_publisert
            if self.art == "innkalling"
            else self.mote.referat_publisert
        )


def feed_items(organ: Organ | None = None) -> list[Item]:
    """The newest published innkallinger and referater of public meetings, newest first, each
    with its public PDF when that is published."""
    moter = Mote.objects.filter(mote_public_q()).select_related("organ")
    if organ is not None:
        moter = moter.filter(organ=organ)
    innkallinger = moter.filter(innkalling_publisert__isnull=False).order_by(
        "-innkalling_publisert"
    )[:LIMIT]
    referater = moter.filter(referat_publisert__isnull=False).order_by("-referat_publisert")[:LIMIT]
    items = [Item(m, "innkalling", None) for m in innkallinger]
    items += [Item(m, "referat", None) for m in referater]
    items.sort(key=lambda i: i.publisert, reverse=True)
    items = items[:LIMIT]
    # The PDF the public downloads from the enclosure's address: the published version, if it
    # shows nothing that is no longer public (moter.publication, as the download checks).
    for item in items:
        item.dokument = publication.publisert_version(mote=item.mote, art=item.art)
    return items


class MoteFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    def get_object(self, request: HttpRequest, slug: str | None = None) -> Organ | None:
        if slug is None:
            return None
        organ = Organ.objects.filter(slug=slug, offentlig=True).first()
        if organ is None:
            raise Http404("Fant ikke organet.")
        return organ

    def title(self, obj: Organ | None) -> str:
        navn = Nettsted.get().navn
        if obj is None:
            return f"Innkallinger og referater – {navn}"
        return f"Innkallinger og referater fra {obj.kortnavn} – {navn}"

    def author_name(self, obj: Organ | None) -> str:
        # Atom wants an author for each entry: the site, as for the e-mails.
        return Nettsted.get().navn

    def subtitle(self, obj: Organ | None) -> str:
        hvor = f"{obj.navn}" if obj is not None else "de offentlige organene"
        return f"Publiserte innkallinger og referater fra {hvor}."

    def link(self, obj: Organ | None) -> str:
        return absolute_url(obj.get_absolute_url() if obj is not None else reverse("forside"))

    def feed_url(self, obj: Organ | None) -> str:
        return absolute_url(
            reverse("feed-organ", args=[obj.slug]) if obj is not None else reverse("feed")
        )

    def items(self, obj: Organ | None) -> list[Item]:
        return feed_items(obj)

    def item_title(self, item: Item) -> str:
        hva = "Innkalling" if item.art == "innkalling" else "Referat"
        mote = item.mote
        return f"{hva}: {mote.display_name} ({mote.organ.kortnavn}) {long_date(mote.start)}"

    def item_description(self, item: Item) -> str:
        mote = item.mote
        tekst = f"{mote.organ.navn}, {long_date(mote.start)} kl. {clock(mote.start)}"
        if mote.sted:
            tekst += f", {mote.sted}"
        if mote.status == Mote.Status.AVLYST:
            tekst += ". Møtet er avlyst"
        return tekst + "."

    def item_link(self, item: Item) -> str:
        return absolute_url(mote_url(item))

    def item_guid(self, item: Item) -> str:
        return absolute_url(f"{item.mote.get_absolute_url()}#{item.art}")

    def item_guid_is_permalink(self, item: Item) -> bool:
        return False

    def item_pubdate(self, item: Item):
        return item.publisert

    def item_updateddate(self, item: Item):
        return item.publisert

    def item_enclosure_url(self, item: Item) -> str | None:
        if item.dokument is None:
            return None
        return absolute_url(reverse("dokument", args=[item.mote.pk, item.art]))

    def item_enclosure_length(self, item: Item) -> int:
        return item.dokument.storrelse or 0 if item.dokument else 0

    def item_enclosure_mime_type(self, item: Item) -> str:
        return "application/pdf"


def mote_url(item: Item) -> str:
    return item.mote.get_absolute_url() + ("#referat" if item.art == "referat" else "")
