from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "dangvu.inspection"
    verbose_name = "Kiểm tra, giám sát, kỷ luật và khiếu nại, tố cáo"

    def ready(self) -> None:
        from dangvu.inspection import imports, indicators, rules  # noqa: F401  (registries)
        from dangvu.inspection.guards import discipline_event_guard
        from dangvu.members.actions import register_void_guard

        register_void_guard(discipline_event_guard)
