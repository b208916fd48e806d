"""The Flask peer, run by gunicorn: `gunicorn flask_app:app`."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

import common

app = Flask(__name__)
# Compiled once; Flask's environment escapes every {{ }} of a template without a
# file name (render_template_string would compile it again on every request).
_fortunes = app.jinja_env.from_string(common.FORTUNES_TEMPLATE)


@app.get("/plaintext")
def plaintext() -> Response:
    return Response(b"Hello, World!", mimetype="text/plain")


@app.get("/json")
def json_() -> Response:
    return jsonify(message="Hello, World!")


@app.get("/db")
def db() -> Response:
    return jsonify(common.world(common.connection(), common.random_id()))


@app.get("/queries")
def queries() -> Response:
    return jsonify(common.worlds(common.queries_count(request.args.get("queries"))))


@app.get("/updates")
def updates() -> Response:
    return jsonify(common.updated_worlds(common.queries_count(request.args.get("queries"))))


@app.get("/fortunes")
def fortunes() -> str:
    return _fortunes.render(fortunes=common.fortunes())
