from django.apps import AppConfig


class BestValueConfig(AppConfig):
    name = "bestvalue"
    verbose_name = "Best Value self-assessment manager"

    def ready(self):
        from bestvalue import sessions  # noqa: F401  (connects the sign-in receiver)
