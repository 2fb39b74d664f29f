from .access import has_person, is_sekretariat
from .models import Nettsted


def nettsted(request) -> dict:
    return {
        "nettsted": Nettsted.get(),
        "er_sekretariat": is_sekretariat(request.user) if hasattr(request, "user") else False,
        # «Mine møter» in the menu: a login with a person has a page of its own.
        "har_person": has_person(request.user) if hasattr(request, "user") else False,
    }
