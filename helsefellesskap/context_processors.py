from .access import er_sekretariat
from .models import Nettsted


def nettsted(request) -> dict:
    return {
        "nettsted": Nettsted.hent(),
        "er_sekretariat": er_sekretariat(request.user) if hasattr(request, "user") else False,
    }
