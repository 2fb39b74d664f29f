"""Import of one meeting in ``mote/1``: all or nothing; the saker keep their numbers and the
body's numbering goes on after them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from helsefellesskap import limits
from helsefellesskap.models import Organ, Partner, Person
from moter.models import Deltaker, Mote
from saker.exchange.export import mote_export
from saker.exchange.validate import ImportProblem, ImportRejected, file_read, mote_validate
from saker.models import Ansvar, Oppfolging, Referatversjon, Sak, Sakstype, Vedlegg
from saker.numbering import lock_organ, saker_renumber, saksnr_parse
from saker.uploads import check_vedlegg
from saker.vedleggstekst import tekst_status_ny, vedlegg_tekst_bestill

LOPENR_MAX = limits.number_limits(Sak, "lopenr")[1]


def _parse_datetime(verdi: str, sti: str, feil: list[ImportProblem]) -> datetime.datetime | None:
    try:
        dt = datetime.datetime.fromisoformat(verdi)
    except ValueError:
        feil.append(ImportProblem(sti, f"«{verdi}» er ikke et gyldig tidspunkt (ISO 8601)"))
        return None
    if dt.tzinfo is None:
        feil.append(ImportProblem(sti, "tidspunktet mangler tidssone, f.eks. +01:00"))
        return None
    if not limits.aar_i_spenn(dt.year):
        feil.append(ImportProblem(sti, f"året må være mellom {limits.AAR_FROM} og {limits.AAR_TO}"))
        return None
    return dt


def _parse_date(verdi: str | None, sti: str, feil: list[ImportProblem]) -> datetime.date | None:
    if not verdi:
        return None
    try:
        dato = datetime.date.fromisoformat(verdi)
    except ValueError:
        feil.append(ImportProblem(sti, f"«{verdi}» er ikke en gyldig dato (ÅÅÅÅ-MM-DD)"))
        return None
    if not limits.aar_i_spenn(dato.year):
        feil.append(ImportProblem(sti, f"året må være mellom {limits.AAR_FROM} og {limits.AAR_TO}"))
        return None
    return dato


def organ_find(navn: str) -> Organ | None:
    return Organ.objects.filter(Q(kortnavn__iexact=navn) | Q(navn__iexact=navn)).first()


class _Store:
    """Saves the import's rows, each checked first against its own model: max_length, integer
    ranges, choices, link schemes (Model.full_clean), NUL. After the first error nothing more
    is saved, only checked, so that one run names every problem; the caller then raises and
    the transaction is rolled back."""

    def __init__(self) -> None:
        self.feil: list[ImportProblem] = []

    def lagre(self, obj, sti: str, *, felt: dict[str, str] | None = None) -> bool:
        """``felt`` maps model fields to JSON names where they differ; "" is the value at
        ``sti`` itself (an ansvar written as text)."""
        felt = {"aar": "saksnr", "lopenr": "saksnr", **(felt or {})}
        relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
        for navn, messages in limits.model_errors(obj, exclude=relations).items():
            json_name = felt.get(navn, navn)
            her = sti if navn == NON_FIELD_ERRORS or not json_name else f"{sti}.{json_name}"
            self.feil.extend(ImportProblem(her, m) for m in messages)
        if self.feil:
            return False
        obj.save()
        return True


class _Persons:
    """Resolves person references; creates a person when none matches (as the schema says)."""

    def __init__(self, lager: _Store):
        self.cache: dict[str, Person] = {}
        self.lager = lager

    def get(self, ref: Any, sti: str, *, create: bool = True) -> Person | None:
        if ref is None:
            return None
        if isinstance(ref, str):
            navn, ekstra = ref.strip(), {}
        else:
            navn = ref["navn"].strip()
            ekstra = {k: ref.get(k) for k in ("organisasjon", "stilling", "epost") if ref.get(k)}
        if navn in self.cache:
            return self.cache[navn]
        qs = Person.objects.filter(navn__iexact=navn)
        if ekstra.get("epost"):
            qs = qs.filter(Q(epost__iexact=ekstra["epost"]) | Q(epost=""))
        person = qs.order_by("pk").first()
        if person is None and (create or ekstra):
            partner = None
            if ekstra.get("organisasjon"):
                org = ekstra["organisasjon"]
                partner = Partner.objects.filter(
                    Q(navn__iexact=org) | Q(kortnavn__iexact=org)
                ).first()
            person = Person(
                navn=navn,
                stilling=ekstra.get("stilling", ""),
                epost=ekstra.get("epost", ""),
                partner=partner,
            )
            self.lager.lagre(person, sti, felt={"navn": "" if isinstance(ref, str) else "navn"})
        if person is not None:
            self.cache[navn] = person
        return person


def _is_only_eventuelt(punkt: dict) -> bool:
    return punkt.get("sakstyper") == [Sakstype.EVENTUELT] and not punkt.get("vedtak")


def mote_import(
    data: Any,
    *,
    base_folder: Path | None = None,
    organ_allowed: Callable[[Organ], bool] | None = None,
) -> Mote:
    """Import one meeting in ``mote/1`` format. All or nothing: on any error, ImportRejected is
    raised and the database is unchanged. ``organ_allowed``: whether the importing user may
    import to the file's body (those who run it); refused, like an unknown body, otherwise."""
    feil = mote_validate(data)
    if feil:
        raise ImportRejected(feil)
    organ = organ_find(data["organ"])
    if organ is None:
        raise ImportRejected([ImportProblem("$.organ", f"fant ikke organet «{data['organ']}»")])
    if organ_allowed is not None and not organ_allowed(organ):
        raise ImportRejected(
            [
                ImportProblem(
                    "$.organ",
                    f"du kan bare importere møter i organer du er sekretariat for, "
                    f"ikke i {organ.kortnavn}",
                )
            ]
        )
    start = _parse_datetime(data["start"], "$.start", feil)
    _parse_date(data.get("signert_dato"), "$.signert_dato", feil)
    _parse_date(data.get("referat_godkjent"), "$.referat_godkjent", feil)
    slutt = _parse_datetime(data["slutt"], "$.slutt", feil) if data.get("slutt") else None
    if start and slutt and slutt <= start:
        feil.append(ImportProblem("$.slutt", "møtet må slutte etter at det starter"))

    # Case numbers: readable, unique in the file and unused in the body.
    aar = timezone.localtime(start).year if start else None
    sett: dict[tuple[int, int], int] = {}
    nummer: dict[int, tuple[int, int]] = {}
    for i, punkt in enumerate(data["saker"]):
        sti = f"$.saker[{i}]"
        type_ = punkt.get("type", "sak")
        if not punkt.get("tittel", "").strip():
            feil.append(ImportProblem(f"{sti}.tittel", "mangler tittel"))
        saksnr = (punkt.get("saksnr") or "").strip()
        if type_ != "sak":
            if saksnr:
                feil.append(ImportProblem(f"{sti}.saksnr", f"en {type_}-linje har ikke saksnummer"))
            continue
        if not saksnr:
            continue
        parsed = saksnr_parse(organ, saksnr)
        if parsed is None:
            feil.append(
                ImportProblem(
                    f"{sti}.saksnr",
                    f"«{saksnr}» passer ikke med saksnummerformatet til {organ.kortnavn} "
                    f"({organ.format_saksnr(aar=aar or 2024, nr=3)})",
                )
            )
            continue
        if not limits.aar_i_spenn(parsed.aar) or (
            LOPENR_MAX is not None and parsed.nr > LOPENR_MAX
        ):
            feil.append(
                ImportProblem(f"{sti}.saksnr", f"saksnummer {saksnr} er utenfor gyldig område")
            )
            continue
        key = (parsed.aar, parsed.nr)
        if key in sett:
            feil.append(
                ImportProblem(
                    f"{sti}.saksnr",
                    f"saksnummer {saksnr} står to ganger i filen "
                    f"(også i $.saker[{sett[key]}].saksnr)",
                )
            )
        elif Sak.objects.filter(organ=organ, aar=parsed.aar, lopenr=parsed.nr).exists():
            feil.append(
                ImportProblem(
                    f"{sti}.saksnr", f"saksnummer {saksnr} er allerede brukt i {organ.kortnavn}"
                )
            )
        sett.setdefault(key, i)
        nummer[i] = key
        if punkt.get("unntatt_offentlighet") and not punkt.get("hjemmel"):
            feil.append(ImportProblem(f"{sti}.hjemmel", "unntatt offentlighet krever hjemmel"))
    for i, punkt in enumerate(data["saker"]):
        for j, o in enumerate(punkt.get("oppfolging", [])):
            _parse_date(o.get("frist"), f"$.saker[{i}].oppfolging[{j}].frist", feil)
        for j, v in enumerate(punkt.get("vedlegg", [])):
            if v.get("fil") and base_folder is None:
                feil.append(
                    ImportProblem(
                        f"$.saker[{i}].vedlegg[{j}].fil", "filer kan bare importeres fra en mappe"
                    )
                )
    if feil:
        raise ImportRejected(feil)

    try:
        with transaction.atomic():
            return _create(
                data, organ=organ, start=start, slutt=slutt, nummer=nummer, base_folder=base_folder
            )
    except IntegrityError as exc:
        # Another editor took one of the numbers in the meantime.
        raise ImportRejected(
            [ImportProblem("$.saker", f"konflikt med eksisterende data: {exc}")]
        ) from exc


def _create(data, *, organ, start, slutt, nummer, base_folder) -> Mote:
    lager = _Store()
    personer = _Persons(lager)
    status = data.get("status") or Mote.Status.PLANLAGT
    lock_organ(organ)
    mote = Mote(
        organ=organ,
        tittel=data.get("tittel") or "",
        start=start,
        slutt=slutt,
        sted=data.get("sted") or "",
        digital_lenke=data.get("digital_lenke") or "",
        til=data.get("til") or "",
        moteleder=personer.get(data.get("moteleder"), "$.moteleder"),
        referent=personer.get(data.get("referent"), "$.referent"),
        forfall_meldes_til=personer.get(data.get("forfall_meldes_til"), "$.forfall_meldes_til"),
        status=status,
        offentlig=data.get("offentlig", True),
        signert_dato=_parse_date(data.get("signert_dato"), "$.signert_dato", []),
        vedtaksord=data.get("vedtaksord") or "",
    )
    if status != Mote.Status.PLANLAGT:
        # Imported as already sent: its numbers are frozen as written.
        mote.innkalling_sendt = start
    godkjent = status == Mote.Status.REFERAT_GODKJENT
    if godkjent:
        # An approved referat arrives locked, as version 1 (frozen below, once its saker are
        # in): it prints as approved and its public edition can be made.
        mote.referat_status = Mote.ReferatStatus.GODKJENT
        mote.referat_versjon = 1
        dato = _parse_date(data.get("referat_godkjent"), "$.referat_godkjent", [])
        if dato is not None:
            mote.referat_godkjent = datetime.datetime.combine(
                dato, datetime.time(12), tzinfo=timezone.get_current_timezone()
            )
    mote._change_reason = "Importert (mote/1)"
    lager.lagre(mote, "$")

    for i, d in enumerate(data.get("deltakere", [])):
        sti = f"$.deltakere[{i}]"
        deltaker = Deltaker(
            mote=mote,
            person=personer.get(d["person"], f"{sti}.person"),
            rolle=d.get("rolle") or "",
            oppmote=d.get("oppmote") or Deltaker.Oppmote.INVITERT,
            moter_for=personer.get(d.get("moter_for"), f"{sti}.moter_for"),
            # As recorded in the file; an imported meeting is a record, so the person register
            # (the default when a meeting is drafted) is not consulted.
            representerer=d.get("representerer") or "",
            merknad=d.get("merknad") or "",
            rekkefolge=i,
        )
        lager.lagre(deltaker, sti)

    mote_aar = timezone.localtime(start).year
    without_number = []
    for i, punkt in enumerate(data["saker"]):
        sti = f"$.saker[{i}]"
        type_ = punkt.get("type", "sak")
        sak = Sak(
            organ=organ,
            mote=mote,
            type=type_,
            rekkefolge=i + 1,
            sakstyper=list(punkt.get("sakstyper", [])),
            tittel=punkt["tittel"].strip(),
            arkivsaksid=punkt.get("arkivsaksid") or "",
            saksbehandler=personer.get(punkt.get("saksbehandler"), f"{sti}.saksbehandler"),
            hensikt=punkt.get("hensikt") or "",
            faktagrunnlag=punkt.get("faktagrunnlag") or "",
            vurdering=punkt.get("vurdering") or "",
            forslag_til_vedtak=punkt.get("forslag_til_vedtak") or "",
            protokoll=punkt.get("protokoll") or "",
            vedtak=punkt.get("vedtak") or "",
            unntatt_offentlighet=punkt.get("unntatt_offentlighet", False),
            hjemmel=punkt.get("hjemmel") or "",
            offentlig_tittel=punkt.get("offentlig_tittel") or "",
        )
        if i in nummer:
            sak.aar, sak.lopenr = nummer[i]
            sak.saksnr = punkt["saksnr"].strip()
        if Sakstype.REFERATSAK in sak.sakstyper:
            sak.referat_for = _referred_mote(organ, sak.tittel, for_=start)
        sak._change_reason = "Importert (mote/1)"
        lager.lagre(sak, sti)
        if type_ == "sak" and i not in nummer and not _is_only_eventuelt(punkt):
            without_number.append(sak)
        for j, a in enumerate(punkt.get("ansvar", [])):
            # Plain names that match nobody are bodies or units («Fagutvalg HR», «KPA»).
            person = personer.get(a, f"{sti}.ansvar[{j}]", create=not isinstance(a, str))
            ansvar = Ansvar(
                sak=sak, person=person, tekst="" if person else str(a).strip(), rekkefolge=j
            )
            lager.lagre(ansvar, f"{sti}.ansvar[{j}]", felt={"tekst": ""})
        for j, o in enumerate(punkt.get("oppfolging", [])):
            oppfolging = Oppfolging(
                sak=sak,
                beskrivelse=o["beskrivelse"],
                ansvarlig=personer.get(o.get("ansvarlig"), f"{sti}.oppfolging[{j}].ansvarlig"),
                frist=datetime.date.fromisoformat(o["frist"]) if o.get("frist") else None,
                status=o.get("status") or Oppfolging.Status.APEN,
                rekkefolge=j,
            )
            lager.lagre(oppfolging, f"{sti}.oppfolging[{j}]")
        for j, v in enumerate(punkt.get("vedlegg", [])):
            _vedlegg_import(sak, v, j, base_folder, f"{sti}.vedlegg[{j}]", lager)

    if lager.feil:
        raise ImportRejected(lager.feil)
    if status == Mote.Status.PLANLAGT:
        saker_renumber(organ=organ, aar=mote_aar)
    else:
        for sak in without_number:
            saker_renumber(organ=organ, aar=mote_aar, new_on_sendt=sak)
    if godkjent:
        Referatversjon.objects.create(
            mote=mote,
            versjon=1,
            begrunnelse="Importert som godkjent (mote/1)",
            innhold=mote_export(mote),
        )
    return mote


_REFERAT = re.compile(r"Referat\s+(?:fra\s+)?(\S+)\s+(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b", re.I)


def _referred_mote(organ: Organ, tittel: str, *, for_: datetime.datetime) -> Mote | None:
    """«Referat SSU 23.11.23, referat FSU 25.01.24» on an SSU agenda: the body's own earlier
    meeting whose referat the sak treats (the other bodies' referater are for information)."""
    for kort, day, mnd, aar in _REFERAT.findall(tittel):
        if kort.lower() != organ.kortnavn.lower():
            continue
        aar_ = int(aar) if len(aar) == 4 else 2000 + int(aar)
        try:
            dato = datetime.date(aar_, int(mnd), int(day))
        except ValueError:
            continue
        hits = [
            m
            for m in Mote.objects.filter(organ=organ, start__lt=for_)
            if timezone.localtime(m.start).date() == dato
        ]
        if hits:
            return hits[0]
    return None


def _vedlegg_import(
    sak: Sak, v: dict, j: int, base_folder: Path | None, sti: str, lager: _Store
) -> None:
    vedlegg = Vedlegg(
        sak=sak,
        tittel=v["tittel"],
        url=v.get("url") or "",
        offentlig=v.get("offentlig", True),
        rekkefolge=j,
    )
    if v.get("fil") and not lager.feil:
        assert base_folder is not None  # mote_import refuses a file without a folder
        file_path = (base_folder / v["fil"]).resolve()
        if base_folder.resolve() not in file_path.parents or not file_path.is_file():
            raise ImportRejected([ImportProblem(f"{sti}.fil", f"fant ikke filen «{v['fil']}»")])
        with file_path.open("rb") as fh:
            django_file = File(fh, name=file_path.name)
            try:
                check = check_vedlegg(django_file)
            except ValidationError as exc:
                raise ImportRejected([ImportProblem(f"{sti}.fil", exc.messages[0])]) from exc
            vedlegg.innholdstype, vedlegg.storrelse = check.innholdstype, check.storrelse
            vedlegg.fil.save(file_path.name, django_file, save=False)
    vedlegg.tekst_status = tekst_status_ny(vedlegg)
    if lager.lagre(vedlegg, sti):
        vedlegg_tekst_bestill(vedlegg=vedlegg)


def mote_import_file(sti: Path) -> Mote:
    sti = Path(sti)
    return mote_import(file_read(sti), base_folder=sti.parent)
