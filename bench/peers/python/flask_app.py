"""The Flask peer, run by gunicorn: `gunicorn flask_app:app`."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template_string, request

import common

app = Flask(__name__)


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
    # render_template_string escapes every {{ }} (Flask turns autoescape on).
    return render_template_string(common.FORTUNES_TEMPLATE, fortunes=common.fortunes())
