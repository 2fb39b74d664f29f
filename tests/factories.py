import datetime

import factory
from django.contrib.auth.models import Group, User

from helsefellesskap.access import SEKRETARIAT_GROUP
from helsefellesskap.models import Organ, Partner, Person, Verv


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("navn",)

    navn = factory.Sequence(lambda n: f"Testkommune {n}")
    type = Partner.Type.KOMMUNE


class OrganFactory(factory.django.DjangoModelFactory[Organ]):
    class Meta:
        model = Organ

    kortnavn = factory.Sequence(lambda n: f"FU{n}")
    navn = factory.LazyAttribute(lambda o: f"Fagutvalg {o.kortnavn}")
    slug = factory.LazyAttribute(lambda o: o.kortnavn.lower())
    type = Organ.Type.FAGUTVALG
    saksnummerformat = "{aar}.{nr}"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruker{n}")
    password = factory.django.Password("passord-123")


class SekretariatUserFactory(UserFactory):
    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=SEKRETARIAT_GROUP)[0])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    navn = factory.Sequence(lambda n: f"Person Nummer {n}")
    stilling = "rådgiver"
    partner = factory.SubFactory(PartnerFactory)


class VervFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verv

    person = factory.SubFactory(PersonFactory)
    organ = factory.SubFactory(OrganFactory)
    rolle = Verv.Rolle.MEDLEM
    representerer = factory.LazyAttribute(lambda v: v.person.partner)
    fra = datetime.date(2023, 1, 1)
    til = None


def oslo(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime.datetime:
    """A Europe/Oslo datetime: oslo(2024, 2, 29, 13)."""
    from zoneinfo import ZoneInfo

    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo("Europe/Oslo"))


class MoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "moter.Mote"

    organ = factory.SubFactory(OrganFactory)
    start = factory.Sequence(lambda n: oslo(2024, 2, 1, 13) + datetime.timedelta(days=7 * n))
    slutt = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2, minutes=30))
    sted = "Big Room SiV"


def user_with_verv(
    organ, username, *, fra=datetime.date(2020, 1, 1), til=None, rolle=Verv.Rolle.MEDLEM
) -> User:
    """A login whose person has a verv (a member by default) in ``organ`` from ``fra`` to
    ``til``."""
    user = UserFactory.create(username=username)
    person = PersonFactory(bruker=user, navn=username.capitalize())
    VervFactory(person=person, organ=organ, rolle=rolle, fra=fra, til=til)
    return user
