"""Form helpers shared by the apps: Designsystemet classes and accessible error wiring."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.template.loader import render_to_string

from . import outbox
from .models import Epost

_CLASS_FOR_WIDGET: dict[type[forms.Widget], str] = {
    forms.CheckboxInput: "ds-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
    forms.Select: "ds-input",
    forms.SelectMultiple: "ds-input",
    forms.Textarea: "ds-input",
}


class DsFormMixin(forms.BaseForm):
    """Adds Designsystemet classes to widgets and points aria-describedby at help and errors."""

    _errors: forms.utils.ErrorDict | None  # set by BaseForm; django-stubs leave it out

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = _CLASS_FOR_WIDGET.get(type(widget), "ds-input")
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.label:
                field.error_messages["required"] = f"Fyll ut «{field.label}»."
            # Keep the ids stable for the template partial partials/felt.html.
            self._describe(name, field)

    def _auto_id(self, name: str) -> str:
        # As BoundField.auto_id, without creating the bound field (it would freeze the label
        # before a subclass's __init__ has adjusted it).
        auto_id = self.auto_id
        navn = self.add_prefix(name)
        if auto_id and "%s" in str(auto_id):
            return str(auto_id) % navn
        return navn if auto_id else ""

    def _describe(self, name: str, field: forms.Field) -> None:
        auto_id = self._auto_id(name)
        ids = []
        if field.help_text:
            ids.append(f"{auto_id}_hjelp")
        # Only after validation has run: asking for self.errors here would validate too early.
        if self._errors and self._errors.get(name):
            ids.append(f"{auto_id}_feil")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        for name, field in self.fields.items():
            self._describe(name, field)

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        # Errors a view adds after validation (a service's rule, someone else saved first) are
        # wired to their fields like the form's own.
        if getattr(self, "cleaned_data", None) is not None:
            for name, form_field in self.fields.items():
                self._describe(name, form_field)


class LoginForm(DsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Feil brukernavn eller passord. Store og små bokstaver er forskjellige.",
        "inactive": "Denne brukeren er deaktivert. Kontakt sekretariatet.",
    }


class ListFilter(forms.Form):
    """The query parameters of a list page. A bad value (a year out of range, an unknown body,
    NUL) does not fail the page: that filter is left out and the page says why."""

    def __init__(self, data, *args, **kwargs) -> None:
        super().__init__({k: v for k, v in data.items() if v != ""}, *args, **kwargs)

    def valid(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def remarks(self) -> list[str]:
        """One Norwegian line per filter that was left out."""
        self.is_valid()
        return [
            f"Filteret «{self.fields[navn].label}» ble ikke brukt: {' '.join(str(f) for f in feil)}"
            for navn, feil in self.errors.items()
            if navn in self.fields
        ]


class PasswordResetForm(DsFormMixin, auth_forms.PasswordResetForm):
    """«Glemt passordet?»: a link to set a new password goes to the address the portal has for
    the login, on the login itself or on its person (members' addresses are kept with the
    person). The page says the same whether or not the address is known."""

    email = forms.EmailField(
        label="E-postadresse",
        max_length=254,
        help_text="Adressen sekretariatet har registrert på deg.",
        error_messages={
            "invalid": "Skriv en gyldig e-postadresse, f.eks. navn@kommune.no.",
            "max_length": "E-postadressen kan være høyst 254 tegn.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str):
        user_model = get_user_model()
        users = user_model._default_manager.filter(
            Q(email__iexact=email) | Q(person__epost__iexact=email), is_active=True
        ).select_related("person")
        for user in users.distinct():
            # A login that never got a password from its invitation (the link expired) gets
            # one here too; other logins without a usable password are not for passwords.
            if user.has_usable_password() or user.last_login is None:
                yield user

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """Through the outbox, like every e-mail (helsefellesskap.outbox): once per link."""
        user = context["user"]
        person = getattr(user, "person", None)
        # The address the person has, when the login itself has none.
        to = to_email or getattr(person, "epost", "")
        outbox.queue(
            key=f"passord:{user.pk}:{context['token']}",
            art=Epost.Art.PASSORD,
            person=person,
            til=to,
            emne=render_to_string(subject_template_name, context),
            tekst=render_to_string(email_template_name, context),
        )


class LoginLinkForm(DsFormMixin, forms.Form):
    email = PasswordResetForm.base_fields["email"]


class SetPasswordForm(DsFormMixin, auth_forms.SetPasswordForm):
    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1="Nytt passord", label2="Gjenta det nye passordet"
    )
    # The validators' rules in one sentence (Django's help is an HTML list).
    new_password1.help_text = (
        "Minst 8 tegn, ikke bare tall, ikke et vanlig passord og ikke likt navnet ditt."
    )
    new_password2.help_text = "Skriv det samme passordet en gang til."


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    """«Bytt passord»: the password one has, and the new one twice (as ``SetPasswordForm``)."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_incorrect": "Det nåværende passordet er feil. Store og små bokstaver er "
        "forskjellige.",
    }
    old_password = forms.CharField(
        label="Nåværende passord",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
