from django.apps import AppConfig


class RatingConfig(AppConfig):
    name = "dangvu.rating"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from dangvu.rating import imports, indicators, rules  # noqa: F401  (registries)
