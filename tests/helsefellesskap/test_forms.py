"""DsFormMixin: errors are announced at their field, also those a view adds after validation."""

from django import forms

from helsefellesskap.forms import DsFormMixin


class Form(DsFormMixin, forms.Form):
    tittel = forms.CharField(label="Tittel")
    merknad = forms.CharField(label="Merknad", required=False, help_text="Valgfritt.")


def test_a_fields_own_error_is_linked_from_the_input():
    form = Form(data={"tittel": ""})
    assert not form.is_valid()
    html = str(form["tittel"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_tittel_feil"' in html
    assert form.errors["tittel"] == ["Fyll ut «Tittel»."]


def test_an_error_added_after_validation_is_linked_from_its_input_too():
    form = Form(data={"tittel": "Årsmelding", "merknad": "x"})
    assert form.is_valid()
    form.add_error("merknad", "Merknaden er for kort.")  # as a view does with a service's rule
    html = str(form["merknad"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_merknad_hjelp id_merknad_feil"' in html
    assert "aria-invalid" not in str(form["tittel"])
