from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saker.exchange.importing import mote_import_file
from saker.exchange.validate import ImportRejected


class Command(BaseCommand):
    help = (
        "Importerer møter i utvekslingsformatet mote/1 (JSON). Hvert møte importeres helt "
        "eller ikke i det hele tatt; feil oppgis med JSON-sti. Skriver én linje per importert "
        "møte: id, adresse, organ og dato."
    )

    def add_arguments(self, parser):
        parser.add_argument("filer", nargs="+", type=Path, help="JSON-filer i formatet mote/1")

    def handle(self, *args, filer: list[Path], **options):
        feilet = 0
        for sti in filer:
            if not sti.is_file():
                self.stderr.write(f"{sti}: finner ikke filen")
                feilet += 1
                continue
            try:
                mote = mote_import_file(sti)
            except ImportRejected as exc:
                feilet += 1
                self.stderr.write(f"{sti}: ikke importert, ingenting er endret:")
                for feil in exc.feil:
                    self.stderr.write(f"  {feil}")
                continue
            self.stdout.write(
                f"{mote.pk} {mote.get_absolute_url()} {mote.organ.kortnavn} "
                f"{mote.start.astimezone():%d.%m.%Y}"
            )
        importert = len(filer) - feilet
        if feilet:
            raise CommandError(f"{importert} av {len(filer)} filer importert; {feilet} feilet.")
