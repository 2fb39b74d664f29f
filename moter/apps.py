from django.apps import AppConfig


class MoterConfig(AppConfig):
    name = "moter"
    verbose_name = "Møter"
