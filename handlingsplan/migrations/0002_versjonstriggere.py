"""A plan adopted in a sak, or a status report given in one, hangs on that sak: linking or
unlinking raises the sak's version (and so its meeting's), as the other tables shown with a
meeting do (helsefellesskap.versions), so a cached page that comes to show it is never stale."""

from django.db import migrations

from helsefellesskap.versions import Child, triggers


class Migration(migrations.Migration):
    dependencies = [("handlingsplan", "0001_initial")]

    operations = [
        triggers(
            Child("handlingsplan_handlingsplan", (("vedtatt_i_id", "saker_sak"),)),
            Child("handlingsplan_statusrapport", (("rapportert_i_id", "saker_sak"),)),
        ),
    ]
