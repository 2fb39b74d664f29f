"""``python manage.py hent_vedleggstekst``: the text of vedlegg that have none yet, for search."""

from collections import Counter

from django.core.management.base import BaseCommand

from saker.models import Vedlegg
from saker.vedleggstekst import vedlegg_tekst_hent

TekstStatus = Vedlegg.TekstStatus


class Command(BaseCommand):
    help = (
        "Leser teksten i PDF- og Word-vedlegg som ennå ikke har den (vedlegg fra før søket "
        "leste vedlegg, eller et vedlegg hvis bakgrunnsjobb gikk tapt), slik at søket finner "
        "den. Kan kjøres når som helst og flere ganger: vedlegg som er lest, hoppes over. "
        "Med --feilet prøves også vedlegg som ikke kunne leses, med --alle leses alle på nytt."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--feilet", action="store_true", help="Prøv også vedlegg som ikke kunne leses."
        )
        parser.add_argument("--alle", action="store_true", help="Les alle vedlegg på nytt.")

    def handle(self, *args, feilet: bool = False, alle: bool = False, **options) -> None:
        statuser = [TekstStatus.VENTER]
        if feilet:
            statuser.append(TekstStatus.FEILET)
        rader = Vedlegg.objects.all() if alle else Vedlegg.objects.filter(tekst_status__in=statuser)
        telling: Counter[str] = Counter()
        for pk in rader.order_by("pk").values_list("pk", flat=True):
            status = vedlegg_tekst_hent(vedlegg_id=pk, igjen=True)
            if status is not None:
                telling[status] += 1
        self.stdout.write(
            f"Tekst lest i {telling[TekstStatus.HENTET]} vedlegg; "
            f"{telling[TekstStatus.INGEN]} uten tekst å lese (lenker, bilder, regneark); "
            f"{telling[TekstStatus.FEILET]} kunne ikke leses."
        )
