"""``python manage.py demo``: load the demo data of Helsefellesskapet i Vestfold."""

from django.core.management.base import BaseCommand

from helsefellesskap.demo import demo_load
from helsefellesskap.demo_data import DEMO_BRUKERE


class Command(BaseCommand):
    help = (
        "Laster demodata for Helsefellesskapet i Vestfold fra sakspapirene i seeds/: "
        "partnere, organer med mandat og rapporteringslinjer, personer, verv og tre "
        "demo-innlogginger (admin, sekretariat, medlem). Kan kjøres flere ganger; "
        "eksisterende rader oppdateres uten duplikater."
    )

    def handle(self, *args, **options) -> None:
        antall = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata lastet: {antall['partnere']} partnere, {antall['organer']} organer, "
                f"{antall['personer']} personer, {antall['verv']} verv, "
                f"{antall['brukere']} brukere."
            )
        )
        self.stdout.write("Innlogginger (brukernavn / passord):")
        for bruker in DEMO_BRUKERE:
            self.stdout.write(
                f"  {bruker['brukernavn']} / {bruker['passord']} ({bruker['beskrivelse']})"
            )
