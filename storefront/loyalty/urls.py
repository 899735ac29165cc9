from django.urls import path

from storefront.loyalty import views

urlpatterns = [
    path("account/points/", views.points_page, name="loyalty_points"),
    path("account/points/birthday/", views.birthday_set, name="loyalty_birthday"),
    path("r/<str:code>/", views.referral_landing, name="referral"),
]
