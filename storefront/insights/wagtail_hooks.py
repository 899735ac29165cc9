from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from storefront.insights.panels import InsightsPanel
from storefront.insights.reports import ADMIN_NAMESPACE, REPORTS, can_view_reports


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for report in REPORTS:
        urls += [
            path(f"{report.slug}/", report.as_view(), name=report.slug),
            path(
                f"{report.slug}/results/",
                report.as_view(results_only=True),
                name=f"{report.slug}_results",
            ),
        ]
    return [path("insights/", include((urls, ADMIN_NAMESPACE), namespace=ADMIN_NAMESPACE))]


def _menu_item(report, order):
    return ReportMenuItem(
        report.page_title,
        reverse(report.url_name()),
        name=f"insights-{report.slug}",
        icon_name=report.header_icon,
        order=order,
    )


for _order, _report in enumerate(REPORTS):
    hooks.register(
        "register_reports_menu_item",
        lambda report=_report, order=_order: _menu_item(report, 1000 + order),
    )


@hooks.register("register_permissions")
def register_reports_permission():
    return Permission.objects.filter(
        content_type__app_label="storefront_insights", codename="view_reports"
    )


@hooks.register("construct_homepage_panels")
def add_insights_panel(request, panels):
    if can_view_reports(request.user):
        panels.append(InsightsPanel())
