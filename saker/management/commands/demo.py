"""``python manage.py demo``: the demo of Helsefellesskapet i Vestfold."""

from django.apps import apps
from django.core.management.base import BaseCommand

from helsefellesskap.demo import demo_load
from helsefellesskap.demo_data import DEMO_USERS
from saker.demo import demo_moter_load


class Command(BaseCommand):
    help = (
        "Laster demodata for Helsefellesskapet i Vestfold fra sakspapirene i seeds/: "
        "partnere, organer med mandat og rapporteringslinjer, personer, verv, tre "
        "demo-innlogginger (admin, sekretariat, medlem) og de virkelige møtene (SSU 23.11.23, "
        "FSU 25.01.24, SSU 29.02.24, SSU 7.5.26) med et utkast til neste SSU-møte, og avtalene med "
        "versjoner og evalueringer. Kan kjøres "
        "flere ganger; eksisterende rader oppdateres uten duplikater."
    )

    def handle(self, *args, **options) -> None:
        count = demo_load()
        moter = demo_moter_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata lastet: {count['partnere']} partnere, {count['organer']} organer, "
                f"{count['personer']} personer, {count['verv']} verv, "
                f"{count['brukere']} brukere."
            )
        )
        self.stdout.write(f"Møter: {moter['moter']} med {moter['saker']} saker.")
        # The apps above saker (avtaler, handlingsplan), which saker cannot import, add their
        # demo data through their AppConfig's ``demo_load``, after the meetings they link to.
        for config in apps.get_app_configs():
            load = getattr(config, "demo_load", None)
            if load is not None:
                self.stdout.write(load())
        self.stdout.write("Innlogginger (brukernavn / passord):")
        for bruker in DEMO_USERS:
            self.stdout.write(
                f"  {bruker['brukernavn']} / {bruker['passord']} ({bruker['beskrivelse']})"
            )
