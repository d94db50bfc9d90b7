"""langbench reference target: FastAPI (served by serve.py on uvicorn with uvloop and httptools).

The HTTP contract is targets/contract.json; every body here is byte-identical to the axum and Go
targets. Uvicorn adds the Date and Server headers, Starlette the Content-Length. /mcp and
/mcp-session (mcp_server.py) serve the same tools over MCP with the official SDK.
"""
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

import mcp_server
import rpc


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # the MCP SDK's session managers run a task group for the app's lifetime
    async with mcp_server.run_session_managers():
        yield


# No OpenAPI/docs routes, and no redirect from /json/ to /json: unknown paths are 404 everywhere.
app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, redirect_slashes=False, lifespan=_lifespan)
app.router.routes.extend(mcp_server.routes)

_ALLOW = {"/health": "GET, HEAD", "/json": "GET, HEAD", "/tool": "POST"}


@app.api_route("/health", methods=["GET", "HEAD"])
async def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


# Serialised on every request on purpose: the benchmark measures serialisation, not a cache.
@app.api_route("/json", methods=["GET", "HEAD"])
async def hello() -> JSONResponse:
    return JSONResponse({"message": "Hello, World!"})


@app.post("/tool")
async def tool(request: Request) -> Response:
    status, body = await _tool_response(request)
    return Response(body, status_code=status, media_type="application/json")


async def _tool_response(request: Request) -> tuple[int, bytes]:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > rpc.MAX_BODY:
        return rpc.too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > rpc.MAX_BODY:
            return rpc.too_large()
    return rpc.handle(bytes(body))


@app.exception_handler(HTTPException)
async def http_error(request: Request, error: HTTPException) -> JSONResponse:
    if error.status_code == 405:
        allow = _ALLOW.get(request.url.path, "")
        return JSONResponse({"error": "Method Not Allowed"}, status_code=405, headers={"Allow": allow})
    if error.status_code == 404:
        return JSONResponse({"error": "Not Found"}, status_code=404)
    return JSONResponse({"error": str(error.detail)}, status_code=error.status_code)
