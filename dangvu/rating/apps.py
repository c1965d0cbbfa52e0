from django.apps import AppConfig


class RatingConfig(AppConfig):
    name = "dangvu.rating"
    verbose_name = "Đánh giá, xếp loại chất lượng"
