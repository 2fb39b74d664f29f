from django.apps import AppConfig


class AvtalerConfig(AppConfig):
    name = "avtaler"
    verbose_name = "Avtaler"

    def ready(self) -> None:
        # The access rules as permissions (user.has_perm, {% test_rule %}).
        from .access import register_permissions

        register_permissions()

    def demo_load(self) -> str:
        """Called by ``manage.py demo`` (saker's command, which cannot import this app): the
        agreements of the seeds. Returns the line the command prints."""
        from .demo import demo_avtaler_load

        count = demo_avtaler_load()
        return f"Avtaler: {count['avtaler']} med {count['versjoner']} versjoner."
