from wagtail import hooks

from storefront.customizer.viewsets import CustomizerViewSetGroup


@hooks.register("register_admin_viewset")
def register_customizer_viewsets():
    return CustomizerViewSetGroup()
