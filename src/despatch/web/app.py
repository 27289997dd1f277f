"""The reading room: HTML pages, each with a JSON twin under ``/api`` built from the same data.

Errors have one JSON shape (``{"ok": false, "error": {"kind", "status", "message"}}``) and one
HTML page; both are produced from :class:`despatch.errors.DespatchError`.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import DespatchError, NotFoundError, QueryError
from ..export import FORMATS, VOLUME_FORMATS, cite_document, export_volume, render_document
from ..export.cite import CITATION_FORMATS
from ..model import Mark
from ..search import MAX_OFFSET, SearchRequest, search
from ..store import Store
from . import pages
from .render import (
    block_html,
    division_heading,
    doc_label,
    doc_url,
    hit_runs,
    note_html,
    person_url,
    section_url,
    target_hrefs,
)

__all__ = ["create_app"]

_HERE = Path(__file__).parent
# Swagger UI 5 (it reads OpenAPI 3.1, which FastAPI writes), as packaged by fastapi-offline
_SWAGGER_UI = str(files("fastapi_offline") / "static")


class ErrorDetail(BaseModel):
    kind: str = Field(description="input, query, not-found, store or error")
    status: int
    message: str


class ErrorResponse(BaseModel):
    """The one shape of every error the API answers with."""

    ok: bool = False
    error: ErrorDetail


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A malformed query or parameter"},
    404: {"model": ErrorResponse, "description": "No such volume, document, person or term"},
}


def _one_error_shape(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, saying what the API does: a parameter FastAPI finds invalid is
    answered like any bad query (400, the one error shape), never with FastAPI's 422."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema


_DATE = "YYYY, YYYY-MM or YYYY-MM-DD"
# documented as a pattern; checked by search, which says what is wrong
_DATE_FORM = {"pattern": r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"}


_MARK_QUERY = Query("", description="a search query: its words are marked in the text (`matches`)")


def _hits(data: dict[str, Any]) -> list[tuple[int, Mark]]:
    """A page's search matches as marks, numbered from 1 in reading order (their ids)."""
    return list(enumerate((Mark.from_json(m) for m in data.get("matches", [])), 1))


def create_app(store: Store) -> FastAPI:
    app = FastAPI(
        title="despatch",
        version=__version__,
        description="Reading room and JSON API for documentary editions.",
        docs_url=None,  # served below from a packaged copy of Swagger UI: works offline
        redoc_url=None,
        responses=_ERRORS,
    )
    app.openapi = lambda: _one_error_shape(app)  # type: ignore[method-assign]
    app.mount("/static/swagger-ui", StaticFiles(directory=_SWAGGER_UI), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="despatch API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon.png",
        )

    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.globals.update(
        block_html=block_html,
        division_heading=division_heading,
        doc_label=doc_label,
        note_html=note_html,
        doc_url=doc_url,
        hit_runs=hit_runs,
        person_url=person_url,
        section_url=section_url,
    )
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    def page(request: Request, template: str, data: dict[str, Any], **extra: Any) -> Response:
        return templates.TemplateResponse(request, template, {"data": data, **extra})

    def error_response(request: Request, exc: DespatchError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(exc.to_json(), status_code=exc.status)
        return templates.TemplateResponse(
            request, "error.html", {"error": exc.to_json()["error"]}, status_code=exc.status
        )

    @app.exception_handler(DespatchError)
    async def on_domain_error(request: Request, exc: DespatchError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        err = (
            NotFoundError("no such page")
            if exc.status_code == 404
            else DespatchError(str(exc.detail))
        )
        err.status = exc.status_code
        response = error_response(request, err)
        response.headers.update(exc.headers or {})  # a 405's Allow
        return response

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "query")
        return error_response(request, QueryError(f"{where}: {first.get('msg', 'invalid')}"))

    # -- home ---------------------------------------------------------------------------
    @app.get("/api/volumes", tags=["api"])
    def api_home() -> dict[str, Any]:
        return pages.home(store)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def html_home(request: Request) -> Response:
        return page(request, "home.html", pages.home(store))

    # -- volume -------------------------------------------------------------------------
    @app.get("/api/volumes/{volume}", tags=["api"])
    def api_volume(volume: str) -> dict[str, Any]:
        return pages.volume(store, volume)

    @app.get("/volumes/{volume}", response_class=HTMLResponse, include_in_schema=False)
    def html_volume(request: Request, volume: str) -> Response:
        data = pages.volume(store, volume)
        return page(
            request, "volume.html", data, known=target_hrefs(data["targets"], data["outside"])
        )

    @app.get("/api/volumes/{volume}/export", tags=["api"], response_class=Response)
    def api_volume_export(
        volume: str,
        format: str = Query(
            "tei",
            description="tei (one file) or jsonl (Document JSON Lines)",
            json_schema_extra={"enum": list(VOLUME_FORMATS)},
        ),
    ) -> Response:
        """The whole volume as a file, streamed."""
        pieces = export_volume(store, volume, format)  # errors before anything is sent
        fmt = VOLUME_FORMATS[format]
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", volume)
        return StreamingResponse(
            pieces,
            media_type=fmt.media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}.{fmt.extension}"'},
        )

    @app.get("/api/volumes/{volume}/sections/{section}", tags=["api"])
    def api_section(volume: str, section: str, q: str = _MARK_QUERY) -> dict[str, Any]:
        data, _ = pages.section(store, volume, section, q)
        return data

    @app.get(
        "/volumes/{volume}/sections/{section}",
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    def html_section(request: Request, volume: str, section: str, q: str = _MARK_QUERY) -> Response:
        data, doc = pages.section(store, volume, section, q)
        known = target_hrefs(data["targets"], data["outside"])
        return page(request, "section.html", data, doc=doc, known=known, hits=_hits(data))

    # -- document -----------------------------------------------------------------------
    @app.get("/api/documents/{volume}/{local}", tags=["api"])
    def api_document(volume: str, local: str, q: str = _MARK_QUERY) -> dict[str, Any]:
        """The document (Document JSON) with navigation, links and its citation; with
        ``q``, also ``query`` and ``matches``: where the search's words are in it."""
        data, _ = pages.document(store, volume, local, q)
        return data

    @app.get("/documents/{volume}/{local}", response_class=HTMLResponse, include_in_schema=False)
    def html_document(request: Request, volume: str, local: str, q: str = _MARK_QUERY) -> Response:
        data, doc = pages.document(store, volume, local, q)
        known = target_hrefs(data["targets"], data["outside"])
        return page(request, "document.html", data, doc=doc, known=known, hits=_hits(data))

    @app.get("/api/documents/{volume}/{local}/export", tags=["api"])
    def api_export(
        volume: str,
        local: str,
        request: Request,
        format: str = Query(
            "tei",
            description="tei, md, text, json, or a reference: ris, bib",
            json_schema_extra={"enum": list(FORMATS)},
        ),
        style: str = Query(
            "seed",
            description="copied-text style of text: seed or web",
            json_schema_extra={"enum": ["seed", "web"]},
        ),
    ) -> Response:
        """The document as a file: TEI (FRUS conventions), Markdown, copied text or JSON; or
        a reference to it for a reference manager (RIS, BibTeX)."""
        if format not in FORMATS:
            raise QueryError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
        if style not in ("seed", "web"):
            raise QueryError(f"style must be seed or web, not {style!r}")
        doc = store.records.document(f"{volume}/{local}")
        fmt = FORMATS[format]
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{volume}-{local}")
        url = str(request.url_for("html_document", volume=volume, local=local))
        cite = cite_document(store, doc, url) if format in CITATION_FORMATS else None
        return Response(
            render_document(doc, format, style, cite),
            media_type=fmt.media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}.{fmt.extension}"'},
        )

    @app.get("/api/documents/{volume}/{local}/thread", tags=["api"])
    def api_thread(volume: str, local: str) -> dict[str, Any]:
        return pages.thread(store, f"{volume}/{local}")

    @app.get(
        "/documents/{volume}/{local}/thread", response_class=HTMLResponse, include_in_schema=False
    )
    def html_thread(request: Request, volume: str, local: str) -> Response:
        return page(request, "thread.html", pages.thread(store, f"{volume}/{local}"))

    # -- search -------------------------------------------------------------------------
    def search_request(
        q: str = "",
        volume: str | None = None,
        type: str | None = Query(None, description="historical-document, editorial-note"),
        person: str | None = Query(None, description="a name, or volume/person-id"),
        sender: str | None = Query(None, description="who wrote it: a name, or volume/person-id"),
        recipient: str | None = Query(
            None, description="who it was sent to: a name, or volume/person-id"
        ),
        repository: str | None = None,
        classification: str | None = None,
        box: str | None = Query(None, description="repository|collection|box"),
        date_from: str | None = Query(None, description=_DATE, json_schema_extra=_DATE_FORM),
        date_to: str | None = Query(None, description=_DATE, json_schema_extra=_DATE_FORM),
        sort: str = Query(
            "relevance",
            description="relevance, date or -date",
            json_schema_extra={"enum": ["relevance", "date", "-date"]},
        ),
        limit: int = Query(20, ge=0, le=1000),
        # (the maximum is documented, and checked by search, which says what to do instead)
        offset: int = Query(0, ge=0, json_schema_extra={"maximum": MAX_OFFSET}),
    ) -> SearchRequest:
        """One set of search parameters for the page and its JSON twin (empty means unset)."""
        return SearchRequest(
            q=q,
            volume=volume or None,
            subtype=type or None,
            person=person or None,
            sender=sender or None,
            recipient=recipient or None,
            repository=repository or None,
            classification=classification or None,
            box=box or None,
            date_from=date_from or None,
            date_to=date_to or None,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @app.get("/api/search", tags=["api"])
    def api_search(req: SearchRequest = Depends(search_request)) -> dict[str, Any]:
        return search(store, req).to_json()

    @app.get("/api/search.csv", tags=["api"], response_class=Response)
    def api_search_csv(req: SearchRequest = Depends(search_request)) -> Response:
        """The hits of a search as CSV (id, volume, number, date, title, score)."""
        req.facets = req.snippets = False
        return Response(
            search(store, req).to_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="despatch-search.csv"'},
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def html_search(request: Request, req: SearchRequest = Depends(search_request)) -> Response:
        data = search(store, req).to_json()
        return page(
            request,
            "search.html",
            data,
            params=dict(request.query_params),
            labels=store.records.volume_labels(),
            years=pages.year_bins(data["facets"].get("year", [])),
        )

    # -- glossaries ---------------------------------------------------------------------
    @app.get("/api/volumes/{volume}/persons/{person_id}", tags=["api"])
    def api_person(volume: str, person_id: str) -> dict[str, Any]:
        return pages.person(store, volume, person_id)

    @app.get(
        "/volumes/{volume}/persons/{person_id}",
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    def html_person(request: Request, volume: str, person_id: str) -> Response:
        return page(request, "person.html", pages.person(store, volume, person_id))

    @app.get("/api/volumes/{volume}/terms/{term_id}", tags=["api"])
    def api_term(volume: str, term_id: str) -> dict[str, Any]:
        return pages.term(store, volume, term_id)

    @app.get(
        "/volumes/{volume}/terms/{term_id}", response_class=HTMLResponse, include_in_schema=False
    )
    def html_term(request: Request, volume: str, term_id: str) -> Response:
        return page(request, "term.html", pages.term(store, volume, term_id))

    return app
