"""Members' logins, as a body's secretariat runs them: the invitation (a login made from the
person's address and a one-time link to set a password) and deactivation; and the login made
the same way when a person first signs in with single sign-on (``user_create``).

The invitation link is a token of ``InvitationTokenGenerator``: Django's password-reset token
with its own salt (a reset link is no invitation, nor the reverse) and its own lifetime,
``INVITASJON_GYLDIG_DAGER``. It holds the password hash and the time of the last login, so it
works once: setting the password changes the hash."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from . import outbox
from .access import SEKRETARIAT_GROUP
from .links import absolute_url
from .models import Epost, Nettsted, Person, Verv, today


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """The one-time link of an invitation, valid for ``INVITASJON_GYLDIG_DAGER`` days."""

    key_salt = "helsefellesskap.accounts.InvitationTokenGenerator"

    @staticmethod
    def valid_days() -> int:
        return settings.INVITASJON_GYLDIG_DAGER

    def valid_seconds(self) -> int:
        return self.valid_days() * 24 * 3600

    def check_token(self, user, token) -> bool:
        # As Django's, with this generator's lifetime in place of PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= self.valid_seconds()


invitation_token = InvitationTokenGenerator()


class LoginLinkTokenGenerator(InvitationTokenGenerator):
    """The one-time login link (``INNLOGGINGSLENKE_MINUTTER``): for members who will never
    remember a password for a portal they use four times a year. It holds the time of the last
    login, so it works once: logging in with it changes that."""

    key_salt = "helsefellesskap.accounts.LoginLinkTokenGenerator"

    def valid_seconds(self) -> int:
        return settings.INNLOGGINGSLENKE_MINUTTER * 60


login_link_token = LoginLinkTokenGenerator()


def login_link_users(epost: str) -> list[User]:
    """The active logins the portal has this address for, on the login or its person."""
    return list(
        User.objects.filter(Q(email__iexact=epost) | Q(person__epost__iexact=epost), is_active=True)
        .select_related("person")
        .distinct()
    )


def login_link_send(*, user: User) -> Epost:
    """Queues a one-time login link to the address the portal has for ``user``."""
    person = getattr(user, "person", None)
    token = login_link_token.make_token(user)
    lenke = absolute_url(
        reverse(
            "innloggingslenke-bruk",
            kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token},
        )
    )
    context = {
        "user": user,
        "person": person,
        "lenke": lenke,
        "minutter": settings.INNLOGGINGSLENKE_MINUTTER,
        "nettsted": Nettsted.get(),
    }
    return outbox.queue(
        key=f"innloggingslenke:{user.pk}:{token}",
        art=Epost.Art.INNLOGGINGSLENKE,
        person=person,
        til=user.email or (person.epost if person else ""),
        emne=render_to_string("epost/innloggingslenke_emne.txt", context),
        tekst=render_to_string("epost/innloggingslenke.txt", context),
    )


# --- What the members page shows of a person's login --------------------------------------


@dataclass(frozen=True)
class Kontostatus:
    """A person's login as the members page shows it, and what the secretariat may do."""

    mangler_epost: bool
    uten_innlogging: bool
    aldri_innlogget: bool
    deaktivert: bool
    invitert: datetime.datetime | None = None
    # The secretariat's and the administrators' logins, and one's own, are not changed here.
    beskyttet: bool = False

    @property
    def can_invite(self) -> bool:
        return (
            not self.mangler_epost
            and not self.deaktivert
            and (self.uten_innlogging or self.aldri_innlogget)
        )

    @property
    def can_deactivate(self) -> bool:
        return not self.uten_innlogging and not self.deaktivert and not self.beskyttet

    @property
    def can_activate(self) -> bool:
        return self.deaktivert and not self.beskyttet


def kontostatus(
    person: Person, invitert: datetime.datetime | None = None, *, beskyttet: bool = False
) -> Kontostatus:
    bruker = person.bruker
    return Kontostatus(
        mangler_epost=not person.epost,
        uten_innlogging=bruker is None,
        aldri_innlogget=bruker is not None and bruker.is_active and bruker.last_login is None,
        deaktivert=bruker is not None and not bruker.is_active,
        # «Invitert 03.12.26» until the login is used: then the invitation is done with.
        invitert=invitert if bruker is None or bruker.last_login is None else None,
        beskyttet=beskyttet,
    )


def protected_user_ids(user_ids: Iterable[int]) -> set[int]:
    """The logins of these that belong to the secretariat or the administrators: they are
    changed in the admin, not from a body's members page."""
    return set(
        User.objects.filter(pk__in=list(user_ids))
        .filter(Q(is_superuser=True) | Q(is_staff=True) | Q(groups__name=SEKRETARIAT_GROUP))
        .values_list("pk", flat=True)
    )


# --- Deactivation ----------------------------------------------------------------------------


def _user_check_changeable(*, person: Person, av: User) -> User:
    user = person.bruker
    if user is None:
        raise ValidationError(f"{person.navn} har ingen innlogging.")
    if user.pk == av.pk:
        raise ValidationError("Du kan ikke endre din egen konto her.")
    if protected_user_ids([user.pk]):
        raise ValidationError(
            f"Innloggingen til {person.navn} hører til sekretariatet eller administrasjonen og "
            "endres i administrasjonen."
        )
    return user


def user_deactivate(*, person: Person, av: User) -> User:
    """The person's login can no longer be used (``is_active``): a session in use ends at its
    next request, and a login is refused. The person, the verv and the history stay; the change
    is recorded in the user's history."""
    with transaction.atomic():
        person = (
            Person.objects.select_related("bruker")
            .select_for_update(of=("self",))
            .get(pk=person.pk)
        )
        user = _user_check_changeable(person=person, av=av)
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
    return user


def user_activate(*, person: Person, av: User) -> User:
    """Undoes ``user_deactivate``: the login works again with its old password."""
    with transaction.atomic():
        person = (
            Person.objects.select_related("bruker")
            .select_for_update(of=("self",))
            .get(pk=person.pk)
        )
        user = _user_check_changeable(person=person, av=av)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    return user


# --- The invitation --------------------------------------------------------------------------


def _user_create(person: Person) -> User:
    """A login for ``person``: the address in lower case is the user name; no password until
    the invited person sets one."""
    username = person.epost.strip().lower()
    max_length = User._meta.get_field("username").max_length or 150
    if len(username) > max_length:
        raise ValidationError(
            f"E-postadressen til {person.navn} er for lang til å bli brukernavn "
            f"(høyst {max_length} tegn)."
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            f"Brukernavnet {username} er allerede i bruk av en annen innlogging. Koble den til "
            f"{person.navn} i administrasjonen, eller gi personen en annen e-postadresse."
        )
    user = User(username=username)
    user.set_unusable_password()
    user.save()
    person.bruker = user
    person.save(update_fields=["bruker"])
    return user


def user_create(*, person: Person) -> User:
    """A login for ``person`` when they first sign in with single sign-on
    (helsefellesskap/oidc.py), made as an invitation makes it: the address in lower case is
    the user name, with no password. If the person got a login in the meantime (two sign-ins
    at once, an invitation), that login. A ``ValidationError`` says why none can be made."""
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",))
            .select_related("bruker")
            .get(pk=person.pk)
        )
        return person.bruker or _user_create(person)


def _inviter_name(av: User) -> str:
    person = getattr(av, "person", None)
    return (person.navn if person else "") or av.get_full_name() or av.get_username()


def invitation_context(*, person: Person, user: User, av: User) -> dict:
    """What the invitation's subject and text (templates/epost/invitasjon*.txt) show."""
    dager = InvitationTokenGenerator.valid_days()
    lenke = reverse(
        "invitasjon",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token.make_token(user),
        },
    )
    verv = (
        Verv.objects.filter(person=person)
        .filter(Q(til__isnull=True) | Q(til__gte=today()))
        .select_related("organ")
        .order_by("organ__rekkefolge", "organ__navn", "fra")
    )
    organer = list({v.organ_id: v.organ for v in verv}.values())
    return {
        "person": person,
        "brukernavn": user.get_username(),
        "lenke": absolute_url(lenke),
        "innlogging": absolute_url(reverse("login")),
        "glemt_passord": absolute_url(reverse("glemt-passord")),
        "av": _inviter_name(av),
        "dager": dager,
        "utloper": timezone.now() + datetime.timedelta(days=dager),
        "nettsted": Nettsted.get(),
        "organer": organer,
    }


def invitation_render(*, person: Person, user: User, av: User) -> tuple[str, str]:
    """The invitation's subject (one line) and text."""
    context = invitation_context(person=person, user=user, av=av)
    emne = " ".join(render_to_string("epost/invitasjon_emne.txt", context).split())
    return emne, render_to_string("epost/invitasjon.txt", context)


def invitation_send(*, person: Person, av: User) -> Epost:
    """Invites ``person`` to the portal: a login from the address (if the person has none) and
    an e-mail through the outbox with a one-time link to set a password, sent after commit.
    For a person with an address whose login is unused (none, or never logged in). Each
    invitation is its own message (``invitasjon:<person>:<n>``); two clicks at once send one."""
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",))
            .select_related("bruker")
            .get(pk=person.pk)
        )
        status = kontostatus(person)
        if status.mangler_epost:
            raise ValidationError(
                f"{person.navn} har ingen e-postadresse. Legg den inn før du sender invitasjon."
            )
        if status.deaktivert:
            raise ValidationError(
                f"Innloggingen til {person.navn} er deaktivert. Aktiver den før du inviterer."
            )
        if not status.can_invite:
            raise ValidationError(
                f"{person.navn} har logget inn før. Har personen glemt passordet, kan hen bruke "
                "«Glemt passordet?» på innloggingssiden."
            )
        user = person.bruker or _user_create(person)
        emne, tekst = invitation_render(person=person, user=user, av=av)
        n = Epost.objects.filter(art=Epost.Art.INVITASJON, person=person).count() + 1
        return outbox.queue(
            key=f"invitasjon:{person.pk}:{n}",
            art=Epost.Art.INVITASJON,
            person=person,
            emne=emne,
            tekst=tekst,
            til=person.epost,
        )


def invitations_latest(*, person_ids: set[int]) -> dict[int, datetime.datetime]:
    """When each person was last invited (person id → the time the invitation was queued), from
    the outbox: what the members page shows as «Invitert 03.12.26»."""
    rows = (
        Epost.objects.filter(art=Epost.Art.INVITASJON, person_id__in=list(person_ids))
        .values("person_id")
        .annotate(siste=Max("opprettet"))
        .order_by()
    )
    return {row["person_id"]: row["siste"] for row in rows}
