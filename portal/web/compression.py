"""Pages sent compressed, but only where compression cannot be turned against the page's secrets.

Every page carries a CSRF token, and many echo what was typed or put in the address. Compressing
such a page for a request another site started would let that site guess the token a character
at a time from the compressed sizes (the BREACH attack). Browsers say who started a request in
`Sec-Fetch-Site`: a page is compressed only when the portal itself started it (`same-origin`) or
the person did, by typing the address or opening a bookmark (`none`). Requests from elsewhere,
and browsers too old to say, get the page uncompressed: still correct, just larger.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

#: Who may have started the request, by Sec-Fetch-Site, for the answer to be compressed.
TRUSTED_INITIATORS = frozenset({"same-origin", "none"})
#: Smaller answers gain too little from compression to be worth the work.
MINIMUM_BYTES = 1024
COMPRESSIBLE = frozenset({"text/html", "application/json", "application/atom+xml", "text/csv", "text/plain"})


def compress(response: Response) -> Response:
    """gzip the response when the request is safe to answer compressed and it is worth it."""
    response.vary.add("Accept-Encoding")
    response.vary.add("Sec-Fetch-Site")
    if (
        response.direct_passthrough
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
        or request.headers.get("Sec-Fetch-Site") not in TRUSTED_INITIATORS
        or "gzip" not in request.accept_encodings
    ):
        return response
    body = response.get_data()
    if len(body) < MINIMUM_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app: Flask) -> None:
    """Compress last of all, after every other hook has finished the response."""
    # Flask runs after-request hooks in reverse order of registration: registered first, so
    # this runs last.
    app.after_request(compress)
