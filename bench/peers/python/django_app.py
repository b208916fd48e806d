"""The Django peer in one file, run by gunicorn: `gunicorn django_app:application`.

The models are managed=False over the tables the minifw app created, so
Django reads and writes the same SQLite file through its ORM; the fortunes
page is a Django template, which escapes every variable.
"""

from __future__ import annotations

import os
import random

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="only-a-benchmark",
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    USE_TZ=False,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                           "NAME": os.environ["MINIFW_PEER_DB"],
                           # One connection per worker, kept: Django's default (0) opens
                           # and closes one on every request.
                           "CONN_MAX_AGE": None,
                           "OPTIONS": {"timeout": 20}}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)
django.setup()

from django.db import models, transaction  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

import common  # noqa: E402


def _pragmas(sender, connection, **kwargs) -> None:
    """As the app's ORM sets it on every connection (the file is in WAL mode)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = NORMAL")


connection_created.connect(_pragmas)


class World(models.Model):
    randomNumber = models.IntegerField()

    class Meta:
        app_label = "peers"
        db_table = "World"
        managed = False


class Fortune(models.Model):
    message = models.TextField()

    class Meta:
        app_label = "peers"
        db_table = "Fortune"
        managed = False


# Django's for tag unpacks the (id, message) pairs, as Jinja2's does.
_fortunes = engines["django"].from_string(common.FORTUNES_TEMPLATE)


def _world(world_id: int) -> dict:
    row = World.objects.get(id=world_id)
    return {"id": row.id, "randomNumber": row.randomNumber}


def plaintext(request) -> HttpResponse:
    return HttpResponse(b"Hello, World!", content_type="text/plain")


def json_(request) -> JsonResponse:
    return JsonResponse({"message": "Hello, World!"})


def db(request) -> JsonResponse:
    return JsonResponse(_world(common.random_id()))


def queries(request) -> JsonResponse:
    count = common.queries_count(request.GET.get("queries"))
    return JsonResponse([_world(common.random_id()) for _ in range(count)], safe=False)


def updates(request) -> JsonResponse:
    count = common.queries_count(request.GET.get("queries"))
    rows = [World.objects.get(id=common.random_id()) for _ in range(count)]
    for row in rows:
        row.randomNumber = random.randint(1, 10000)
    with transaction.atomic():
        World.objects.bulk_update(sorted(rows, key=lambda r: r.id), ["randomNumber"])
    return JsonResponse([{"id": r.id, "randomNumber": r.randomNumber} for r in rows], safe=False)


def fortunes(request) -> HttpResponse:
    rows = [(f.id, f.message) for f in Fortune.objects.all()]
    rows.append((0, common.ADDED_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return HttpResponse(_fortunes.render({"fortunes": rows}))


urlpatterns = [
    path("plaintext", plaintext),
    path("json", json_),
    path("db", db),
    path("queries", queries),
    path("updates", updates),
    path("fortunes", fortunes),
]

application = get_wsgi_application()
