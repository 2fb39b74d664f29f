"""``python manage.py gjenoppta_dokumenter``: PDF orders that lost their message, queued again."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from moter.resume import VENTER_AFTER, dokumenter_resume, time_limit


class Command(BaseCommand):
    help = (
        "Sender PDF-bestillinger som har blitt stående til køen igjen: de som har ventet lenger "
        f"enn --venter-etter (standard {int(VENTER_AFTER.total_seconds())} s, f.eks. fordi Redis "
        "var nede da de ble bestilt), og de som har stått som «lager» lenger enn tidsgrensen "
        "for å lage en PDF (arbeideren døde). Trygt å kjøre når som helst, f.eks. hvert "
        "minutt fra cron: en PDF som sendes to ganger, lages én gang."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--venter-etter",
            type=int,
            default=int(VENTER_AFTER.total_seconds()),
            metavar="SEKUNDER",
            help="Bestillinger i kø (venter) eldre enn dette sendes igjen.",
        )
        parser.add_argument(
            "--lager-etter",
            type=int,
            default=int(time_limit().total_seconds()),
            metavar="SEKUNDER",
            help="Dokumenter som har stått som «lager» lenger enn dette sendes igjen "
            "(standard: oppgavens tidsgrense og 30 s).",
        )

    def handle(self, *args, **options) -> None:
        if options["venter_etter"] < 0 or options["lager_etter"] < 0:
            raise CommandError("Tidene må være 0 sekunder eller mer.")
        result = dokumenter_resume(
            venter_etter=datetime.timedelta(seconds=options["venter_etter"]),
            lager_etter=datetime.timedelta(seconds=options["lager_etter"]),
        )
        for dokument_id in result.venter:
            self.stdout.write(f"Dokument {dokument_id}: ventet uten å bli laget, sendt igjen.")
        for dokument_id in result.lager:
            self.stdout.write(f"Dokument {dokument_id}: stoppet under laging, sendt igjen.")
        if result.not_sendt:
            raise CommandError(
                f"Køen (Redis) svarer ikke: {len(result.not_sendt)} dokument(er) venter "
                f"fortsatt og sendes neste gang. {result.sendt} ble sendt."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sendte {result.sendt} dokument(er) til køen igjen "
                f"({len(result.venter)} ventet, {len(result.lager)} stoppet under laging)."
            )
        )
