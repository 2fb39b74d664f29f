"""The Celery app: ``celery -A helsefellesskap worker``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsefellesskap.settings")

app = Celery("helsefellesskap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
