from django.apps import AppConfig


class HelsefellesskapConfig(AppConfig):
    name = "helsefellesskap"
    verbose_name = "Helsefellesskap"

    def ready(self) -> None:
        from .login import connect_previous_login

        connect_previous_login()
