"""Primary-key lookups through the Django ORM on the SQLite file the C++
benchmark made (bench_07_orm runs this once; it is not a benchmark alone).

Usage: python3 django_lookup.py DB_FILE ROWS LOOKUPS
Prints the median CPU time of one lookup, in nanoseconds, over five rounds
of LOOKUPS lookups each, timed inside Python (time.thread_time_ns, as the
C++ side times its cases) so interpreter start-up and Django's set-up are
not counted.
"""

import statistics
import sys
import time

import django
from django.conf import settings


def main() -> int:
    path, rows, lookups = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}},
        INSTALLED_APPS=[],
        USE_TZ=False,
    )
    django.setup()
    from django.db import models

    class Post(models.Model):
        title = models.TextField()
        author_id = models.IntegerField()
        views = models.IntegerField()
        rating = models.FloatField(null=True)

        class Meta:
            app_label = "bench"
            db_table = "posts"
            managed = False

    Post.objects.get(pk=1)  # open the connection before timing
    rounds = []
    for _ in range(5):
        start = time.thread_time_ns()
        for i in range(lookups):
            Post.objects.get(pk=i % rows + 1)
        rounds.append((time.thread_time_ns() - start) / lookups)
    print(f"{statistics.median(rounds):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
