from django.urls import path

from storefront.customizer import views

urlpatterns = [
    path("customize/<int:product_id>/preview/", views.preview, name="customizer_preview"),
    path("customize/<int:product_id>/save/", views.design_save, name="design_save"),
    path("designs/<str:share_token>/", views.design_detail, name="design_detail"),
    path("account/designs/", views.my_designs, name="my_designs"),
]
