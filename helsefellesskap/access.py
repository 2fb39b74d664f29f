"""Who may see and do what: small helpers shared by the views of every app."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser, User

SEKRETARIAT_GRUPPE = "Sekretariat"


def er_sekretariat(user: User | AnonymousUser) -> bool:
    """Secretariat users (the group) and superusers may edit meetings, agendas and referat."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_er_sekretariat", None)
    if cached is None:
        from .hurtigbuffer import fragment

        cached = fragment(
            ("sekretariat", user.pk),
            lambda: user.groups.filter(name=SEKRETARIAT_GRUPPE).exists(),
        )
        user._er_sekretariat = cached
    return cached


def organ_ids_for(user: User | AnonymousUser, dato: datetime.date | None = None) -> set[int]:
    """Ids of the bodies ``user`` is a member of on ``dato`` (any role)."""
    from .models import Verv

    if not user.is_authenticated:
        return set()
    return set(Verv.objects.for_bruker(user).aktive(dato).values_list("organ_id", flat=True))


def sekretariat_pakrevd(view):
    """Views for the secretariat: anonymous users go to the login page, others get 403."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not er_sekretariat(request.user):
            raise PermissionDenied("Bare sekretariatet har tilgang til denne siden.")
        return view(request, *args, **kwargs)

    return wrapper
