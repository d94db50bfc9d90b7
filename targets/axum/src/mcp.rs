//! /mcp and /mcp-session: the same tools as /tool, served by the official Rust MCP SDK (rmcp)
//! over Streamable HTTP. /mcp is stateless (no Mcp-Session-Id; plain JSON answers), for load;
//! /mcp-session keeps sessions the way rmcp does (Mcp-Session-Id, SSE answers, DELETE ends one).
use std::sync::Arc;

use rmcp::{
    model::{
        CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
        JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig,
        Tool,
    },
    service::RequestContext,
    transport::streamable_http_server::{
        session::{local::LocalSessionManager, never::NeverSessionManager},
        StreamableHttpServerConfig, StreamableHttpService,
    },
    ErrorData, RoleServer, ServerHandler,
};
use serde_json::{json, Map, Value};
use tokio_util::sync::CancellationToken;

use crate::{rpc, MAX_BODY};

/// Fails on every call: the conformance suite's tools-call-error scenario calls it.
const ERROR_TOOL: &str = "test_error_handling";
const ERROR_TEXT: &str = "This tool intentionally returns an error for testing";

fn schema(value: Value) -> Arc<JsonObject> {
    match value {
        Value::Object(object) => Arc::new(object),
        _ => unreachable!("schemas are objects"),
    }
}

fn text_schema(description: &str) -> Arc<JsonObject> {
    schema(json!({
        "type": "object",
        "properties": { "text": { "type": "string", "description": description } },
        "required": ["text"]
    }))
}

fn tools() -> Vec<Tool> {
    vec![
        Tool::new(
            "word_count",
            "Number of words in text (runs of characters without Unicode White_Space)",
            text_schema("the text to count words in"),
        ),
        Tool::new(
            "add",
            "a + b in double precision, as the shortest decimal that round-trips",
            schema(json!({
                "type": "object",
                "properties": {
                    "a": { "type": "number", "description": "first addend" },
                    "b": { "type": "number", "description": "second addend" }
                },
                "required": ["a", "b"]
            })),
        ),
        Tool::new(
            "sha256",
            "Lowercase hex SHA-256 of the UTF-8 bytes of text",
            text_schema("the text to hash"),
        ),
        Tool::new(
            ERROR_TOOL,
            "Always fails with a tool error (isError: true)",
            schema(json!({ "type": "object", "properties": {} })),
        ),
    ]
}

#[derive(Clone)]
pub struct Tools {
    list: Arc<Vec<Tool>>,
}

impl Tools {
    fn new() -> Self {
        Self {
            list: Arc::new(tools()),
        }
    }
}

impl ServerHandler for Tools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build()).with_server_info(
            Implementation::new("langbench-axum", env!("CARGO_PKG_VERSION")),
        )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.list.as_ref().clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.as_ref();
        if name == ERROR_TOOL {
            return Ok(CallToolResult::error(vec![ContentBlock::text(ERROR_TEXT)]).into());
        }
        if !self.list.iter().any(|tool| tool.name == name) {
            // an unknown tool is a protocol error, with /tool's message
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {name}"),
                None,
            ));
        }
        let arguments = request.arguments.unwrap_or_else(Map::new);
        // the same answers as /tool; a bad argument is a tool error carrying /tool's message
        Ok(match rpc::call_tool(name, &arguments) {
            Ok(text) => CallToolResult::success(vec![ContentBlock::text(text)]),
            Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
        }
        .into())
    }
}

/// A localhost server: rmcp's default Host allow-list (localhost, 127.0.0.1, ::1) stops DNS
/// rebinding; Origin, when a browser sends one, must be a loopback origin too.
/// Cancelling `shutdown` ends open sessions and streams, so a graceful shutdown does not wait on them.
fn config(shutdown: &CancellationToken) -> StreamableHttpServerConfig {
    StreamableHttpServerConfig::default()
        .with_allowed_origins(["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"])
        .with_max_request_body_bytes(MAX_BODY)
        .with_cancellation_token(shutdown.child_token())
}

/// /mcp: every POST is answered on its own, without a session.
pub fn stateless(
    shutdown: &CancellationToken,
) -> StreamableHttpService<Tools, NeverSessionManager> {
    let tools = Tools::new();
    StreamableHttpService::new(
        move || Ok(tools.clone()),
        Arc::default(),
        config(shutdown)
            .with_legacy_session_mode(false)
            .with_json_response(true),
    )
}

/// /mcp-session: initialize answers with an Mcp-Session-Id that later requests must send.
pub fn stateful(shutdown: &CancellationToken) -> StreamableHttpService<Tools, LocalSessionManager> {
    let tools = Tools::new();
    StreamableHttpService::new(
        move || Ok(tools.clone()),
        Arc::default(),
        config(shutdown).with_legacy_session_mode(true),
    )
}
