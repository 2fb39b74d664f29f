from .access import has_person, is_sekretariat, manages_any_organ
from .models import Nettsted


def nettsted(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "nettsted": Nettsted.get(),
        # The central secretariat (the group, superusers).
        "er_sekretariat": is_sekretariat(user) if user is not None else False,
        # The secretariat's menu: for those who run a body, the central secretariat or a body's
        # own (its pages list their bodies only).
        "sekretariat_meny": manages_any_organ(user) if user is not None else False,
        # «Mine møter» in the menu: a login with a person has a page of its own.
        "har_person": has_person(user) if user is not None else False,
    }
