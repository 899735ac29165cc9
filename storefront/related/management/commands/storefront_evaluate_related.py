from django.core.management.base import BaseCommand, CommandError

from storefront.related.evaluation import BLEND, CUTS, related_evaluate


class Command(BaseCommand):
    help = (
        "Hold out the most recent orders, learn suggestions from the rest and print how "
        "often each source (and the blend shoppers see) names another product of a held-out "
        "order among its first 4 and 12 suggestions. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--holdout", type=float, default=0.1, help="Share of orders held out (0.1)."
        )
        parser.add_argument(
            "--sample", type=int, default=None, help="Ask at most this many queries."
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, holdout, sample, seed, **options):
        if not 0 < holdout < 1:
            raise CommandError("--holdout must be between 0 and 1.")
        if sample is not None and sample < 1:
            raise CommandError("--sample must be at least 1.")
        result = related_evaluate(holdout=holdout, sample=sample, seed=seed)
        if not result.queries:
            self.stdout.write("Not enough orders to evaluate: held-out orders need 2+ products.")
            return
        self.stdout.write(
            f"Trained on {result.training_orders} orders, held out {result.held_out_orders}; "
            f"{result.queries} queries (a product of a held-out order with 2+ products)."
        )
        header = f"{'source':<15}{'answered':>10}" + "".join(f"{f'hit@{c}':>9}" for c in CUTS)
        self.stdout.write(header)
        for source, score in result.scores.items():
            label = source if source != BLEND else "blend (shown)"
            answered = score.answered / score.queries if score.queries else 0
            self.stdout.write(
                f"{label:<15}{answered:>10.1%}"
                + "".join(f"{score.rate(cut):>9.1%}" for cut in CUTS)
            )
