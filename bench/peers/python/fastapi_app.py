"""The FastAPI peer, run by uvicorn: `uvicorn fastapi_app:app`.

The handlers are `async def` and call sqlite3 directly: a local file answers
faster than a hop to FastAPI's thread pool would cost.
"""

from __future__ import annotations

import jinja2
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

import common

app = FastAPI()
_fortunes = jinja2.Environment(autoescape=True).from_string(common.FORTUNES_TEMPLATE)


@app.get("/plaintext")
async def plaintext() -> PlainTextResponse:
    return PlainTextResponse(b"Hello, World!")


@app.get("/json")
async def json_() -> JSONResponse:
    return JSONResponse({"message": "Hello, World!"})


@app.get("/db")
async def db() -> JSONResponse:
    return JSONResponse(common.world(common.connection(), common.random_id()))


@app.get("/queries")
async def queries(queries: str | None = None) -> JSONResponse:
    return JSONResponse(common.worlds(common.queries_count(queries)))


@app.get("/updates")
async def updates(queries: str | None = None) -> JSONResponse:
    return JSONResponse(common.updated_worlds(common.queries_count(queries)))


@app.get("/fortunes")
async def fortunes() -> HTMLResponse:
    return HTMLResponse(_fortunes.render(fortunes=common.fortunes()))
