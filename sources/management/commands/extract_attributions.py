import json

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from sources.extraction import suggest_for_article


class Command(BaseCommand):
    help = (
        "Suggest who said what in an article: its direct quotes and attributed claims, with the "
        "speaker, the verb as printed and the paragraph. Nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The article's slug.")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print a JSON list (speaker, kind, text, verb, paragraph, ...) instead.",
        )

    def handle(self, *args, slug, as_json=False, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"no article with the slug {slug!r}")
        suggestions = suggest_for_article(article)
        if as_json:
            self.stdout.write(
                json.dumps([s.as_dict() for s in suggestions], ensure_ascii=False, indent=2)
            )
            return
        if not suggestions:
            self.stdout.write("No attributions found.")
            return
        for s in suggestions:
            source = f" [source {s.source_id}]" if s.source_id else ""
            self.stdout.write(
                f"¶{s.paragraph:<3} {s.kind:<12} {s.speaker} ({s.speaker_kind}){source} "
                f"— {s.verb}: {s.text}"
            )
            self.stdout.write(f"      why: {s.reason}")
