import json
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moter.models import Mote
from saker.exchange.export import mote_export


class Command(BaseCommand):
    help = (
        "Skriver ut et møte i utvekslingsformatet mote/1 (JSON). Med --mappe skrives JSON-filen "
        "og vedleggsfilene til mappen, klar for import et annet sted."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="møtets id (tallet i /mote/<id>/)")
        parser.add_argument("--mappe", type=Path, help="skriv mote.json og vedlegg hit")

    def handle(self, *args, id: int, mappe: Path | None = None, **options):
        try:
            mote = Mote.objects.get(pk=id)
        except Mote.DoesNotExist as exc:
            raise CommandError(f"Fant ikke møte {id}.") from exc
        data = mote_export(mote)
        tekst = json.dumps(data, ensure_ascii=False, indent=2)
        if mappe is None:
            self.stdout.write(tekst)
            return
        (mappe / "vedlegg").mkdir(parents=True, exist_ok=True)
        (mappe / "mote.json").write_text(tekst + "\n", encoding="utf-8")
        count = 0
        for sak in mote.saker.prefetch_related("vedlegg"):
            for v in sak.vedlegg.all():
                if v.fil:
                    with (
                        v.fil.open("rb") as source,
                        (mappe / f"vedlegg/{v.pk}-{Path(v.fil.name).name}").open("wb") as target,
                    ):
                        shutil.copyfileobj(source, target)
                    count += 1
        self.stdout.write(f"Skrev {mappe / 'mote.json'} og {count} vedleggsfiler.")
