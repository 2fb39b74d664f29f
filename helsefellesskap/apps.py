from django.apps import AppConfig


class HelsefellesskapConfig(AppConfig):
    name = "helsefellesskap"
    verbose_name = "Helsefellesskap"
