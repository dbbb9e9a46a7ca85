from django.core.management.base import BaseCommand

from newsroom.seed import seed_story


class Command(BaseCommand):
    help = "Load the seeded Reuters story (once: running it again changes nothing)."

    def handle(self, *args, **options):
        article, created = seed_story()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Seeded {article.get_absolute_url()}"))
        else:
            self.stdout.write(f"Already seeded: {article.get_absolute_url()} (left unchanged)")
