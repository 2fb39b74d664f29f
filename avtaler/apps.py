from django.apps import AppConfig


class AvtalerConfig(AppConfig):
    name = "avtaler"
    verbose_name = "Avtaler"
