from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangvu.core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from dangvu.core.models import RuleVersion
        from dangvu.core.rules import forget_rules
        from dangvu.core.workdays import forget_calendar

        # The working-day calendar reads the declared days off once; a new version of the
        # rule, or a new request (another process may have added one), makes it read again.
        post_save.connect(forget_calendar, sender=RuleVersion, dispatch_uid="workdays_save")
        post_delete.connect(forget_calendar, sender=RuleVersion, dispatch_uid="workdays_delete")
        request_started.connect(forget_calendar, dispatch_uid="workdays_request")
        # A new or removed version makes `rules.rules_cached` read the rules again.
        post_save.connect(forget_rules, sender=RuleVersion, dispatch_uid="rules_save")
        post_delete.connect(forget_rules, sender=RuleVersion, dispatch_uid="rules_delete")
