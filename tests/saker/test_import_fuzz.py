"""Property-based tests of the mote/1 import: random and mutated documents never give an
exception other than ImportRejected, never a partial import, and every error names a JSON path."""

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from moter.models import Mote
from saker.exchange.importing import mote_import
from saker.exchange.validate import ImportRejected
from saker.models import Sak
from tests.factories import OrganFactory

pytestmark = pytest.mark.django_db

EXAMPLE = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "ssu-2024-02-29-innkalling.json").read_text(
        encoding="utf-8"
    )
)

# Past every max_length of the models the import writes (the longest is 1000: Vedlegg.url), and
# numbers past every integer column: on PostgreSQL these fail unless the import checks them.
long_text = st.integers(0, 1100).map(lambda n: "å" * n)
large_number = st.integers(-(10**30), 10**30) | st.sampled_from([2**31, 2**63, -(2**63) - 1])

json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10**6)
    | large_number
    | st.text(max_size=30)
    | long_text
    | st.floats(),
    lambda barn: (
        st.lists(barn, max_size=4) | st.dictionaries(st.text(max_size=12), barn, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node, sti=()):
    yield sti
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*sti, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*sti, i))


@st.composite
def mutated_dokumenter(draw):
    data = copy.deepcopy(EXAMPLE)
    paths = [s for s in _paths(data) if s]
    for _ in range(draw(st.integers(1, 4))):
        sti = draw(st.sampled_from(paths))
        parent = data
        try:
            for del_ in sti[:-1]:
                parent = parent[del_]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(sti[-1], None)
            else:
                parent[sti[-1]] = draw(json_value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return data


@st.composite
def lange_tekster(draw):
    """The example with some of its strings made long: every string field of the file meets
    its model's max_length."""
    data = copy.deepcopy(EXAMPLE)
    paths = [s for s in _paths(data) if s and isinstance(_get(data, s), str)]
    for sti in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True)):
        _get(data, sti[:-1])[sti[-1]] = draw(long_text)
    return data


def _get(data, sti):
    for del_ in sti:
        data = data[del_]
    return data


def _check(data) -> None:
    for_ = (Mote.objects.count(), Sak.objects.count())
    try:
        mote = mote_import(data)
    except ImportRejected as exc:
        assert exc.feil, "an error without a message"
        for feil in exc.feil:
            assert feil.sti.startswith("$"), feil
            assert feil.melding, feil
        assert (Mote.objects.count(), Sak.objects.count()) == for_, "partial import"
    else:
        assert mote.saker.count() == len(data["saker"])


@pytest.fixture
def ssu(db):
    return OrganFactory(kortnavn="SSU", saksnummerformat="{nr}/{aa}")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated_dokumenter())
def test_mutated_example_imports_whole_or_not_at_all(ssu, data):
    _check(data)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=lange_tekster())
def test_long_strings_in_any_field_import_whole_or_not_at_all(ssu, data):
    event("importert" if _is_imported(data) else "avvist")


def _is_imported(data) -> bool:
    for_ = (Mote.objects.count(), Sak.objects.count())
    try:
        mote_import(data)
    except ImportRejected as exc:
        assert all(f.sti.startswith("$.") for f in exc.feil), exc.feil
        assert (Mote.objects.count(), Sak.objects.count()) == for_, "partial import"
        return False
    return True


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=json_value)
def test_random_json_is_refused_with_a_path(ssu, data):
    """Anything that is not a mote/1 document is refused as a whole, with a JSON path."""
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert exc.value.feil and all(f.sti.startswith("$") for f in exc.value.feil)
    assert Mote.objects.count() == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    innhold=st.one_of(
        st.binary(max_size=300),
        mutated_dokumenter().map(lambda d: json.dumps(d).encode()),
        mutated_dokumenter().map(lambda d: b"\xef\xbb\xbf" + json.dumps(d).encode()),
        st.integers(1, 6000).map(lambda n: b'{"format": ' + b"9" * n + b"}"),
        st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),
    )
)
def test_upload_form_never_fails_with_a_server_error(client, sekretariat, ssu, innhold):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(sekretariat)
    response = client.post("/sekretariat/import/", {"fil": SimpleUploadedFile("m.json", innhold)})
    assert response.status_code in {200, 302}


def test_nul_character_is_refused_with_its_path(ssu):
    """PostgreSQL cannot store NUL in text; the import says where it is instead of failing."""
    data = copy.deepcopy(EXAMPLE)
    data["saker"][3]["hensikt"] = "før\x00etter"
    with pytest.raises(ImportRejected) as exc:
        mote_import(data)
    assert str(exc.value.feil[0]).startswith("$.saker[3].hensikt:")
    assert Mote.objects.count() == 0
