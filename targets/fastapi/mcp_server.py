"""/mcp and /mcp-session: the same tools as /tool, served by the official Python MCP SDK (mcp 2)
over Streamable HTTP, mounted in the FastAPI app (app.py).

/mcp is stateless (no Mcp-Session-Id; plain JSON answers), for load. /mcp-session keeps sessions
the way the SDK does (Mcp-Session-Id, SSE answers, DELETE ends one); sessions live in one uvicorn
worker's memory, so it needs WORKERS=1. Each mode has its own session manager, whose task group
must run while the app serves: start() runs them in a task of their own, stop() ends them.
app.py imports this module, and starts it, on the first MCP request (see there why).
"""
import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import mcp_types as types
from mcp.server.lowlevel import Server
from mcp.server.transport_security import TransportSecuritySettings
from mcp.shared.exceptions import MCPError
from starlette.applications import Starlette
from starlette.responses import JSONResponse

import rpc

# Fails on every call: the conformance suite's tools-call-error scenario calls it.
ERROR_TOOL = "test_error_handling"
ERROR_TEXT = "This tool intentionally returns an error for testing"


def _text_schema(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"text": {"type": "string", "description": description}},
        "required": ["text"],
    }


TOOLS = [
    types.Tool(
        name="word_count",
        description="Number of words in text (runs of characters without Unicode White_Space)",
        input_schema=_text_schema("the text to count words in"),
    ),
    types.Tool(
        name="add",
        description="a + b in double precision, as the shortest decimal that round-trips",
        input_schema={
            "type": "object",
            "properties": {
                "a": {"type": "number", "description": "first addend"},
                "b": {"type": "number", "description": "second addend"},
            },
            "required": ["a", "b"],
        },
    ),
    types.Tool(
        name="sha256",
        description="Lowercase hex SHA-256 of the UTF-8 bytes of text",
        input_schema=_text_schema("the text to hash"),
    ),
    types.Tool(
        name=ERROR_TOOL,
        description="Always fails with a tool error (isError: true)",
        input_schema={"type": "object", "properties": {}},
    ),
]


async def _list_tools(ctx: Any, params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
    return types.ListToolsResult(tools=TOOLS)


async def _call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
    # Low-level handlers rather than typed MCPServer tools: arguments go through rpc.tool_text,
    # the code /tool uses, so the answers are /tool's and a bad argument is a tool error with
    # /tool's message.
    if params.name == ERROR_TOOL:
        text, is_error = ERROR_TEXT, True
    elif params.name in rpc.TOOL_NAMES:
        text, is_error = rpc.tool_text(params.name, params.arguments or {})
    else:
        raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {params.name}")
    return types.CallToolResult(content=[types.TextContent(text=text)], is_error=is_error)


def _server() -> Server:
    return Server("langbench-fastapi", version="0.1.0", on_list_tools=_list_tools, on_call_tool=_call_tool)


# A localhost server: a foreign Host or Origin is refused (DNS rebinding), as the SDK does by
# default for a server it starts on 127.0.0.1 itself.
_SECURITY = TransportSecuritySettings(
    enable_dns_rebinding_protection=True,
    allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*", "127.0.0.1", "localhost", "[::1]"],
    allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
)


def _app(path: str, stateless: bool) -> tuple[Starlette, Server]:
    server = _server()
    app = server.streamable_http_app(
        streamable_http_path=path,
        stateless_http=stateless,
        json_response=stateless,
        max_request_body_size=rpc.MAX_BODY,
        transport_security=_SECURITY,
    )
    return app, server


_stateless_app, _stateless_server = _app("/mcp", stateless=True)
_stateful_app, _stateful_server = _app("/mcp-session", stateless=False)
_APPS = {"/mcp": _stateless_app, "/mcp-session": _stateful_app}
_METHOD_NOT_ALLOWED = JSONResponse({"error": "Method Not Allowed"}, status_code=405, headers={"Allow": "POST"})


async def app(scope: Any, receive: Any, send: Any) -> None:
    """The ASGI app of /mcp and /mcp-session: the SDK's app for the path (one route each)."""
    if scope["path"] == "/mcp" and scope["method"] != "POST":
        # Stateless, /mcp has no stream to offer (GET) and no session to end (DELETE): 405, as the
        # axum and Go targets' SDKs answer. The SDK here would hold a GET's event stream open.
        await _METHOD_NOT_ALLOWED(scope, receive, send)
        return
    await _APPS[scope["path"]](scope, receive, send)


@contextlib.asynccontextmanager
async def _session_managers() -> AsyncIterator[None]:
    async with contextlib.AsyncExitStack() as stack:
        for server in (_stateless_server, _stateful_server):
            await stack.enter_async_context(server.session_manager.run())
        yield


_stop = asyncio.Event()
_running: asyncio.Task[None] | None = None


async def start() -> None:
    """Starts the session managers in a task of their own, which enters and leaves their task
    groups (anyio requires both in one task), and returns once they run."""
    global _running
    ready = asyncio.Event()

    async def run() -> None:
        async with _session_managers():
            ready.set()
            await _stop.wait()

    _running = asyncio.create_task(run())
    await ready.wait()


async def stop() -> None:
    """Ends every session and stream, then the session managers."""
    _stop.set()
    if _running is not None:
        await _running
