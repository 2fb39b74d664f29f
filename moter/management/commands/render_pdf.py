"""``python manage.py render_pdf MOTE_ID innkalling``: renders a document to a file at once
(innkalling, referat, saksframlegg --sak SAKSNR, or saksdokumenter: the whole meeting pack)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moter.dokumenter import DokumentError, dokument_pdf
from moter.models import Dokument, Mote


class Command(BaseCommand):
    help = (
        "Lager en PDF av et møtedokument med en gang, uten kø og uten å lagre en ny versjon, "
        "og skriver den til en fil. Eksempel: render_pdf 3 innkalling --offentlig -o inn.pdf; "
        "render_pdf 4 saksframlegg --sak 15/26; render_pdf 4 saksdokumenter (hele "
        "møtepakken med vedlegg)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("mote_id", type=int, help="Møtets id.")
        parser.add_argument(
            "art",
            choices=[
                Dokument.Art.INNKALLING.value,
                Dokument.Art.REFERAT.value,
                Dokument.Art.SAKSFRAMLEGG.value,
                Dokument.Art.SAKSDOKUMENTER.value,
            ],
            help="Dokumentet som skal lages.",
        )
        parser.add_argument("--sak", help="Saksnummeret for et saksframlegg, f.eks. 15/26.")
        parser.add_argument(
            "--offentlig",
            action="store_true",
            help="Den offentlige utgaven (unntatte saker skjermet, ikke-offentlige vedlegg "
            "utelatt). Standard er medlemsutgaven.",
        )
        parser.add_argument(
            "-o", "--output", help="Filen PDF-en skrives til (standard: filnavnet i arbeidsmappen)."
        )

    def handle(self, *args, **options) -> None:
        mote = Mote.objects.select_related("organ").filter(pk=options["mote_id"]).first()
        if mote is None:
            raise CommandError(f"Fant ikke møte {options['mote_id']}.")
        sak_id = None
        if options["art"] == Dokument.Art.SAKSFRAMLEGG:
            if not options["sak"]:
                raise CommandError("Et saksframlegg trenger --sak SAKSNR.")
            sak = mote.saker.filter(saksnr=options["sak"]).first()
            if sak is None:
                raise CommandError(f"Møtet har ingen sak {options['sak']}.")
            sak_id = sak.pk
        utgave = Dokument.Edition.OFFENTLIG if options["offentlig"] else Dokument.Edition.MEDLEM
        try:
            rendered = dokument_pdf(mote=mote, art=options["art"], utgave=utgave, sak_id=sak_id)
        except DokumentError as exc:
            raise CommandError(str(exc)) from exc
        ut = Path(options["output"] or f"{rendered.source.filename}.pdf")
        ut.write_bytes(rendered.pdf)
        self.stdout.write(
            self.style.SUCCESS(
                f"{ut}: {rendered.sider} {'side' if rendered.sider == 1 else 'sider'}, "
                f"{len(rendered.pdf) / 1024:.0f} KB, "
                f"{rendered.seconds:.2f} s"
            )
        )
