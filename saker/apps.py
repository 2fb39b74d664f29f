from django.apps import AppConfig


class SakerConfig(AppConfig):
    name = "saker"
    verbose_name = "Saker"

    def ready(self) -> None:
        from .signals import connect_to

        connect_to()
