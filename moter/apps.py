from django.apps import AppConfig


class MoterConfig(AppConfig):
    name = "moter"
    verbose_name = "Møter"

    def ready(self) -> None:
        # The access rules as permissions (user.has_perm, {% test_rule %}, the admin).
        from .access import register_permissions

        register_permissions()
