"""``python manage.py gjenoppta_dokumenter``: PDF orders that lost their message, queued again."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from moter.gjenoppta import VENTER_ETTER, dokumenter_resume, tidsgrense


class Command(BaseCommand):
    help = (
        "Sender PDF-bestillinger som har blitt stående til køen igjen: de som har ventet lenger "
        f"enn --venter-etter (standard {int(VENTER_ETTER.total_seconds())} s, f.eks. fordi Redis "
        "var nede da de ble bestilt), og de som har stått som «lager» lenger enn tidsgrensen "
        "for å lage en PDF (arbeideren døde). Trygt å kjøre når som helst, f.eks. hvert "
        "minutt fra cron: en PDF som sendes to ganger, lages én gang."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--venter-etter",
            type=int,
            default=int(VENTER_ETTER.total_seconds()),
            metavar="SEKUNDER",
            help="Bestillinger i kø (venter) eldre enn dette sendes igjen.",
        )
        parser.add_argument(
            "--lager-etter",
            type=int,
            default=int(tidsgrense().total_seconds()),
            metavar="SEKUNDER",
            help="Dokumenter som har stått som «lager» lenger enn dette sendes igjen "
            "(standard: oppgavens tidsgrense og 30 s).",
        )

    def handle(self, *args, **options) -> None:
        if options["venter_etter"] < 0 or options["lager_etter"] < 0:
            raise CommandError("Tidene må være 0 sekunder eller mer.")
        resultat = dokumenter_resume(
            venter_etter=datetime.timedelta(seconds=options["venter_etter"]),
            lager_etter=datetime.timedelta(seconds=options["lager_etter"]),
        )
        for dokument_id in resultat.venter:
            self.stdout.write(f"Dokument {dokument_id}: ventet uten å bli laget, sendt igjen.")
        for dokument_id in resultat.lager:
            self.stdout.write(f"Dokument {dokument_id}: stoppet under laging, sendt igjen.")
        if resultat.ikke_sendt:
            raise CommandError(
                f"Køen (Redis) svarer ikke: {len(resultat.ikke_sendt)} dokument(er) venter "
                f"fortsatt og sendes neste gang. {resultat.sendt} ble sendt."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sendte {resultat.sendt} dokument(er) til køen igjen "
                f"({len(resultat.venter)} ventet, {len(resultat.lager)} stoppet under laging)."
            )
        )
