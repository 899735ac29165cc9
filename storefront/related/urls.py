from django.urls import path

from storefront.related import views

urlpatterns = [
    path("related/go/<str:token>/", views.related_click, name="related_click"),
]
