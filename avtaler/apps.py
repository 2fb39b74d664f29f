from django.apps import AppConfig


class AvtalerConfig(AppConfig):
    name = "avtaler"
    verbose_name = "Avtaler"

    def ready(self) -> None:
        # The access rules as permissions (user.has_perm, {% test_rule %}).
        from moter.access import register_permissions

        from .access import PERMISSIONS

        register_permissions(PERMISSIONS)

    def sekretariat_panel(self, request) -> dict | None:
        """A panel on the secretariat's start page (``saker.views.sekretariat``, which cannot
        import this app and finds the method through ``django.apps``, as ``manage.py demo``
        finds ``demo_load``): the evaluations overdue and due in the next three months, for the
        central secretariat that runs the agreements. ``mal``: the template to include."""
        from .access import can_manage_avtaler

        if not can_manage_avtaler(request.user):
            return None
        from .views.register import evaluations_due

        frister = evaluations_due()
        return {
            "mal": "avtaler/partials/sekretariat_panel.html",
            "forfalt": list(frister["forfalt"]),
            "kommende": list(frister["kommende"]),
        }

    def demo_load(self) -> str:
        """Called by ``manage.py demo`` (saker's command, which cannot import this app): the
        agreements of the seeds. Returns the line the command prints."""
        from .demo import demo_avtaler_load

        count = demo_avtaler_load()
        return f"Avtaler: {count['avtaler']} med {count['versjoner']} versjoner."
