from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangvu.members"
    verbose_name = "Đảng viên"

    def ready(self) -> None:
        from dangvu.members import composition, imports, indicators, rules  # noqa: F401  (registries)
        from dangvu.members.mover import LedgerMemberMover
        from dangvu.orgs.hooks import register_member_mover

        register_member_mover(LedgerMemberMover())
