//! POST /tool: an MCP-style `tools/call` over JSON-RPC 2.0. Returns (HTTP status, body bytes).
//! Validation order and messages are part of the contract (targets/contract.json).
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

#[derive(Serialize)]
struct Content {
    #[serde(rename = "type")]
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct ToolResult {
    content: [Content; 1],
    #[serde(rename = "isError")]
    is_error: bool,
}

#[derive(Serialize)]
struct Success<'a> {
    jsonrpc: &'static str,
    id: &'a Value,
    result: ToolResult,
}

#[derive(Serialize)]
struct ErrorBody {
    code: i32,
    message: String,
}

#[derive(Serialize)]
struct Failure<'a> {
    jsonrpc: &'static str,
    id: &'a Value,
    error: ErrorBody,
}

fn failure(status: u16, id: &Value, code: i32, message: impl Into<String>) -> (u16, Vec<u8>) {
    let body = Failure {
        jsonrpc: "2.0",
        id,
        error: ErrorBody {
            code,
            message: message.into(),
        },
    };
    (
        status,
        serde_json::to_vec(&body).expect("plain structs serialise"),
    )
}

pub fn parse_error() -> (u16, Vec<u8>) {
    failure(400, &Value::Null, -32700, "Parse error")
}

pub fn too_large() -> (u16, Vec<u8>) {
    failure(
        413,
        &Value::Null,
        -32600,
        "Request body too large (limit 1048576 bytes)",
    )
}

pub fn handle(body: &[u8]) -> (u16, Vec<u8>) {
    let request: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) => return parse_error(),
    };
    let Some(request) = request.as_object() else {
        return invalid_request();
    };
    let id = request.get("id").unwrap_or(&Value::Null);
    let id_ok = id.is_null() || id.is_string() || id.is_i64();
    let method = request.get("method").and_then(Value::as_str);
    if request.get("jsonrpc").and_then(Value::as_str) != Some("2.0") || !id_ok {
        return invalid_request();
    }
    let Some(method) = method else {
        return invalid_request();
    };
    if method != "tools/call" {
        return failure(200, id, -32601, "Method not found");
    }
    let Some(params) = request.get("params").and_then(Value::as_object) else {
        return failure(200, id, -32602, "Invalid params");
    };
    let Some(name) = params.get("name").and_then(Value::as_str) else {
        return failure(200, id, -32602, "Invalid params");
    };
    let empty = Map::new();
    let arguments = match params.get("arguments") {
        None => &empty,
        Some(Value::Object(arguments)) => arguments,
        Some(_) => return failure(200, id, -32602, "Invalid params"),
    };
    let text = match call_tool(name, arguments) {
        Ok(text) => text,
        Err(message) => return failure(200, id, -32602, message),
    };
    let body = Success {
        jsonrpc: "2.0",
        id,
        result: ToolResult {
            content: [Content { kind: "text", text }],
            is_error: false,
        },
    };
    (
        200,
        serde_json::to_vec(&body).expect("plain structs serialise"),
    )
}

fn invalid_request() -> (u16, Vec<u8>) {
    failure(400, &Value::Null, -32600, "Invalid Request")
}

/// The three tools, shared by /tool and the MCP endpoints: the result text, or the error message.
pub fn call_tool(name: &str, arguments: &Map<String, Value>) -> Result<String, String> {
    let text = || arguments.get("text").and_then(Value::as_str);
    match name {
        // words are maximal runs of characters without the Unicode White_Space property
        "word_count" => match text() {
            Some(text) => Ok(text.split_whitespace().count().to_string()),
            None => Err("Invalid params: word_count needs a string argument text".into()),
        },
        "add" => {
            let number = |key| arguments.get(key).and_then(Value::as_f64);
            match (number("a"), number("b")) {
                (Some(a), Some(b)) if (a + b).is_finite() => Ok(format_number(a + b)),
                (Some(_), Some(_)) => {
                    Err("Invalid params: add result is not a finite number".into())
                }
                _ => Err("Invalid params: add needs numbers a and b".into()),
            }
        }
        "sha256" => match text() {
            Some(text) => Ok(hex(&Sha256::digest(text.as_bytes()))),
            None => Err("Invalid params: sha256 needs a string argument text".into()),
        },
        _ => Err(format!("Unknown tool: {name}")),
    }
}

/// Shortest decimal that round-trips, never in exponent form: 5, 3.75, 0.30000000000000004.
fn format_number(value: f64) -> String {
    format!("{value}")
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[(byte >> 4) as usize] as char);
        out.push(DIGITS[(byte & 15) as usize] as char);
    }
    out
}
