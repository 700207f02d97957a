"""Fingerprinted static files: a year in the browser's cache, sent compressed."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for

bp = Blueprint("assets", __name__)

ONE_YEAR = 365 * 24 * 3600
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml"}


@dataclass(frozen=True)
class Asset:
    """One static file read into memory with its fingerprint and compressed form."""

    digest: str
    body: bytes
    gzipped: bytes | None
    mimetype: str
    mtime: float


def _load(path: Path) -> Asset:
    body = path.read_bytes()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mimetype == "application/javascript":
        mimetype = "text/javascript"
    gzipped = gzip.compress(body, compresslevel=9, mtime=0) if mimetype in COMPRESSIBLE else None
    return Asset(hashlib.sha256(body).hexdigest()[:16], body, gzipped, mimetype, path.stat().st_mtime)


def _asset(filename: str) -> Asset | None:
    cache: dict[str, Asset] = current_app.extensions.setdefault("assets", {})
    root = Path(current_app.static_folder).resolve()
    path = (root / filename).resolve()
    if root not in path.parents or not path.is_file():
        return None
    asset = cache.get(filename)
    if asset is None or (current_app.debug and asset.mtime != path.stat().st_mtime):
        asset = cache[filename] = _load(path)
    return asset


def asset_url(filename: str) -> str:
    """The fingerprinted URL of a file under portal/static/."""
    asset = _asset(filename)
    if asset is None:
        raise FileNotFoundError(f"static file missing: {filename} (run `make assets`)")
    return url_for("assets.fingerprinted", digest=asset.digest, filename=filename)


@bp.get("/assets/<digest>/<path:filename>")
def fingerprinted(digest: str, filename: str) -> Response:
    """Serve a static file whose fingerprint matches, cached for a year."""
    asset = _asset(filename)
    if asset is None or asset.digest != digest:
        abort(404)
    use_gzip = asset.gzipped is not None and "gzip" in request.accept_encodings
    response = Response(asset.gzipped if use_gzip else asset.body, mimetype=asset.mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def init_app(app: Flask) -> None:
    """Register the assets route and `asset_url` for templates."""
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
