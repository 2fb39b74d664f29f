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
        from .arsrapport.demo import demo_arsrapport_load
        from .demo import demo_handlingsplan_load

        count = demo_handlingsplan_load()
        arsrapporter = demo_arsrapport_load()
        return (
            f"Handlingsplan: {count['planer']} planer med {count['tiltak']} tiltak, "
            f"{count['tilskudd']} tilskudd, {arsrapporter} "
            f"årsrapport{'' if arsrapporter == 1 else 'er'}."
        )
