"""Starts the FastAPI target on uvicorn: uvloop event loop, httptools parser, one worker per CPU.

PORT (default 8080), HOST (default 127.0.0.1), WORKERS (default: the CPUs in this process's
affinity mask, which is what taskset or docker --cpuset-cpus grants).
"""
import os
import signal
import sys

import uvicorn


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        sys.exit(f"fastapi target: {name}={value!r} must be a positive integer")
    return int(value)


def _exit_cleanly(signum: int, frame: object) -> None:
    # uvicorn re-raises SIGTERM/SIGINT once its graceful shutdown is done; by then nothing is left
    # to do, so exit 0 like the other targets instead of dying by the signal (status 143).
    sys.exit(0)


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    here = os.path.dirname(os.path.abspath(__file__))
    host = os.environ.get("HOST") or "127.0.0.1"
    port = _env_int("PORT", 8080)
    workers = _env_int("WORKERS", len(os.sched_getaffinity(0)))
    print(f"fastapi target listening on http://{host}:{port} with {workers} uvicorn worker(s)", file=sys.stderr, flush=True)
    # One worker runs in this process; more run under uvicorn's supervisor, which forwards SIGTERM.
    uvicorn.run(
        "app:app",
        app_dir=here,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        lifespan="on",  # at shutdown the MCP session managers stop (app.py)
        access_log=False,
        log_level="warning",
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()
