"""langbench reference target: FastAPI (served by serve.py on uvicorn with uvloop and httptools).

The HTTP contract is targets/contract.json; every body here is byte-identical to the axum and Go
targets. Uvicorn adds the Date and Server headers, Starlette the Content-Length. /mcp and
/mcp-session (mcp_server.py) serve the same tools over MCP with the official SDK.
"""
import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import ModuleType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Route

import rpc

# The MCP SDK is imported on the first MCP request, not at start: importing it takes about a
# second and 25 MB per worker, which would change this target's cold start and idle memory, the
# numbers the benchmark reports for /json and /tool.
_mcp: ModuleType | None = None
_mcp_loading = asyncio.Lock()


async def _load_mcp() -> ModuleType:
    global _mcp
    async with _mcp_loading:
        if _mcp is None:
            import mcp_server

            await mcp_server.start()
            _mcp = mcp_server
    return _mcp


class _MCPEndpoint:
    """An ASGI app (not a function), so the route passes every method to the SDK."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await (_mcp or await _load_mcp()).app(scope, receive, send)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    if _mcp is not None:  # end open MCP sessions and streams, so shutdown does not wait on them
        await _mcp.stop()


# No OpenAPI/docs routes, and no redirect from /json/ to /json: unknown paths are 404 everywhere.
app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, redirect_slashes=False, lifespan=_lifespan)
app.router.routes.extend([Route("/mcp", _MCPEndpoint()), Route("/mcp-session", _MCPEndpoint())])

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


# An upload left unread when the connection closes makes the kernel reset it, and over a real
# network (not loopback) the reset can overtake the 413 on its way: read what the client sends,
# up to a bound, before answering, as Go's and hyper's servers do.
DRAIN_LIMIT = 8 * rpc.MAX_BODY


async def _drain(stream: AsyncIterator[bytes], read: int) -> None:
    async for chunk in stream:
        read += len(chunk)
        if read > DRAIN_LIMIT:
            return


async def _tool_response(request: Request) -> tuple[int, bytes]:
    length = request.headers.get("content-length")
    stream = request.stream()
    if length is not None and length.isdigit() and int(length) > rpc.MAX_BODY:
        await _drain(stream, 0)
        return rpc.too_large()
    body = bytearray()
    async for chunk in stream:
        body += chunk
        if len(body) > rpc.MAX_BODY:
            await _drain(stream, len(body))
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
