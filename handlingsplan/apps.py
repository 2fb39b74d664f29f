from django.apps import AppConfig


class HandlingsplanConfig(AppConfig):
    name = "handlingsplan"
    verbose_name = "Handlingsplan"
