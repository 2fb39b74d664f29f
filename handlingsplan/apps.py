from django.apps import AppConfig


class HandlingsplanConfig(AppConfig):
    name = "handlingsplan"
    verbose_name = "Handlingsplan"

    def ready(self) -> None:
        # The access rules as permissions (user.has_perm, {% test_rule %}).
        from moter.access import register_permissions

        from .access import PERMISSIONS

        register_permissions(PERMISSIONS)

    def demo_load(self) -> str:
        """Called by ``manage.py demo`` (saker's command, which cannot import this app): the
        plans, tiltak and grants of the seeds. Returns the line the command prints."""
        from .demo import demo_handlingsplan_load

        count = demo_handlingsplan_load()
        return (
            f"Handlingsplan: {count['planer']} planer med {count['tiltak']} tiltak, "
            f"{count['tilskudd']} tilskudd."
        )
