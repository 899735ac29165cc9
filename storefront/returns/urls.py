from django.urls import path

from storefront.returns import views

urlpatterns = [
    path("orders/<str:number>/return/", views.return_start, name="return_start"),
    path("returns/<str:rma>/", views.return_detail, name="return_detail"),
    path("returns/<str:rma>/slip/", views.return_slip, name="return_slip"),
    path("account/returns/", views.my_returns, name="my_returns"),
]
