from django.urls import path

from storefront.orders import views

urlpatterns = [
    path("cart/", views.cart_detail, name="cart"),
    path("cart/add/", views.cart_add_view, name="cart_add"),
    path("cart/lines/<int:line_id>/update/", views.cart_line_update_view, name="cart_line_update"),
    path("cart/lines/<int:line_id>/remove/", views.cart_line_remove_view, name="cart_line_remove"),
    path("checkout/", views.checkout_details, name="checkout"),
    path("checkout/review/", views.checkout_review, name="checkout_review"),
    path("checkout/thanks/<str:number>/", views.checkout_done, name="checkout_done"),
    path("orders/<str:number>/", views.order_detail, name="order_detail"),
    path("account/orders/", views.my_orders, name="my_orders"),
]
