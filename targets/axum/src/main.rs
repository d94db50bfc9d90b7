//! langbench reference target: axum on a multi-thread tokio runtime.
//! The HTTP contract is targets/contract.json; every body here is byte-identical to the Go and
//! FastAPI targets. /mcp and /mcp-session (src/mcp.rs) serve the same tools over MCP.
mod mcp;
mod rpc;

use axum::{
    body::{Body, Bytes},
    extract::{rejection::BytesRejection, DefaultBodyLimit},
    http::{header, HeaderValue, StatusCode, Uri},
    middleware::map_response,
    response::Response,
    routing::{get, post},
    Router,
};
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use tokio_util::sync::CancellationToken;

/// Largest accepted /tool body; one byte more is 413.
pub(crate) const MAX_BODY: usize = 1 << 20;

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

#[derive(Serialize)]
struct Status {
    status: &'static str,
}

#[derive(Serialize)]
struct HttpError {
    error: &'static str,
}

/// A JSON response with the contract's headers (hyper adds Date and Content-Length).
fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn to_json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    json_response(
        status,
        serde_json::to_vec(value).expect("plain structs serialise"),
    )
}

async fn health() -> Response {
    to_json(StatusCode::OK, &Status { status: "ok" })
}

/// Serialised on every request on purpose: the benchmark measures serialisation, not a cache.
async fn hello() -> Response {
    to_json(
        StatusCode::OK,
        &Message {
            message: "Hello, World!",
        },
    )
}

async fn tool(body: Result<Bytes, BytesRejection>) -> Response {
    let (status, bytes) = match body {
        Ok(body) => rpc::handle(&body),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => rpc::too_large(),
        // the client went away or sent a broken body: answer as for unparseable JSON
        Err(_) => rpc::parse_error(),
    };
    json_response(StatusCode::from_u16(status).expect("valid status"), bytes)
}

async fn not_found() -> Response {
    to_json(StatusCode::NOT_FOUND, &HttpError { error: "Not Found" })
}

async fn method_not_allowed(uri: Uri) -> Response {
    let mut response = to_json(
        StatusCode::METHOD_NOT_ALLOWED,
        &HttpError {
            error: "Method Not Allowed",
        },
    );
    let allow = if uri.path() == "/tool" {
        "POST"
    } else {
        "GET, HEAD"
    };
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

async fn server_header(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::SERVER, HeaderValue::from_static("axum"));
    response
}

fn app(shutdown: &CancellationToken) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/json", get(hello))
        .route("/tool", post(tool))
        .route_service("/mcp", mcp::stateless(shutdown))
        .route_service("/mcp-session", mcp::stateful(shutdown))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(map_response(server_header))
}

/// Resolves on SIGTERM or SIGINT; axum then stops accepting and drains open requests, and the
/// MCP endpoints close their sessions and streams.
async fn shutdown_signal(shutdown: CancellationToken) {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("install SIGTERM handler");
    let mut int = signal(SignalKind::interrupt()).expect("install SIGINT handler");
    tokio::select! {
        _ = term.recv() => {},
        _ = int.recv() => {},
    }
    shutdown.cancel();
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(value) => value.parse().unwrap_or_else(|_| {
            eprintln!("axum-target: {name}={value:?} is not valid");
            std::process::exit(2);
        }),
        Err(_) => default,
    }
}

// The multi-thread runtime starts one worker per CPU in std::thread::available_parallelism(),
// which reads the process's affinity mask and the cgroup CPU quota.
#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let host: IpAddr = env_or("HOST", IpAddr::from([127, 0, 0, 1]));
    let port: u16 = env_or("PORT", 8080);
    let addr = SocketAddr::new(host, port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .unwrap_or_else(|error| {
            eprintln!("axum-target: cannot listen on {addr}: {error}");
            std::process::exit(1);
        });
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    eprintln!("axum-target listening on http://{addr} with {workers} worker threads");
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let shutdown = CancellationToken::new();
    axum::serve(listener, app(&shutdown))
        .with_graceful_shutdown(shutdown_signal(shutdown))
        .await
        .expect("server error");
    eprintln!("axum-target stopped");
}
