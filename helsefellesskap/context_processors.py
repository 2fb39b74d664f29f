from .access import is_sekretariat
from .models import Nettsted


def nettsted(request) -> dict:
    return {
        "nettsted": Nettsted.get(),
        "er_sekretariat": is_sekretariat(request.user) if hasattr(request, "user") else False,
    }
