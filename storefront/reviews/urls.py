from django.urls import path

from storefront.reviews import views

urlpatterns = [
    path("account/reviews/", views.my_reviews, name="my_reviews"),
    path("products/<int:product_id>/review/", views.review_write, name="review_write"),
    path("reviews/write/<str:token>/", views.review_write_link, name="review_write_link"),
    path("reviews/<int:review_id>/edit/", views.review_edit_view, name="review_edit"),
    path("reviews/<int:review_id>/delete/", views.review_delete_view, name="review_delete"),
    path("reviews/<int:review_id>/vote/", views.review_vote_view, name="review_vote"),
    path("reviews/<int:review_id>/report/", views.review_flag_view, name="review_flag"),
    path(
        "reviews/unsubscribe/<str:token>/",
        views.review_requests_opt_out_view,
        name="review_requests_opt_out",
    ),
]
