from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import HttpRequest, QueryDict

from storefront.insights.reports import REPORTS


class Command(BaseCommand):
    help = (
        "Write an insight report to a CSV or XLSX file, with the numbers and filters of the "
        "admin's report (for scheduled mail). Filters are given as name=value, as in the "
        "report's address, e.g. day_from=2026-01-01 day_to=2026-01-31."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=[report.slug for report in REPORTS])
        parser.add_argument("output", help="The file to write.")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument("filters", nargs="*", metavar="name=value")

    def handle(self, *args, report, output, format, filters, **options):
        view_class = next(r for r in REPORTS if r.slug == report)
        path = Path(output)
        spreadsheet_format = format or path.suffix.lstrip(".").lower() or "csv"
        if spreadsheet_format not in ("csv", "xlsx"):
            raise CommandError("Give --format csv or xlsx, or a file ending in .csv or .xlsx.")
        query = QueryDict(mutable=True)
        for item in filters:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"Filters are name=value: {item!r}.")
            query.appendlist(name, value)
        query["export"] = spreadsheet_format

        request = HttpRequest()
        request.method = "GET"
        request.GET = query
        request.user = AnonymousUser()  # the command runs as the operator, not a web user
        view = view_class()
        view.setup(request)
        known = set()
        for name, field in view.filters.form.fields.items() if view.filters else []:
            suffixes = getattr(field.widget, "suffixes", None)  # a date range: _from, _to
            if suffixes:
                known.update(f"{name}_{suffix}" for suffix in suffixes)
            else:
                known.add(name)
        unknown = sorted({name for name in query if name != "export"} - known)
        if unknown:
            raise CommandError(
                f"Unknown filter(s) {', '.join(unknown)}; this report takes: "
                f"{', '.join(sorted(known)) or 'none'}."
            )
        if view.filters and not view.filters.form.is_valid():
            raise CommandError(f"Invalid filter: {view.filters.form.errors.as_text()}")
        rows = view.get_filtered_queryset()
        response = view.as_spreadsheet(rows, spreadsheet_format)
        content = b"".join(
            chunk if isinstance(chunk, bytes) else chunk.encode()
            for chunk in response.streaming_content
        )
        path.write_bytes(content)
        if options["verbosity"]:
            self.stdout.write(f"Wrote {len(rows)} rows of the {report} report to {path}.")
