// langbench reference target: Go standard library net/http and encoding/json only.
// The HTTP contract is targets/contract.json; every body here is byte-identical to the axum and
// FastAPI targets.
package main

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("go-nethttp: ")
	host := envOr("HOST", "127.0.0.1")
	port := envOr("PORT", "8080")
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		log.Printf("PORT=%q is not a port number", port)
		os.Exit(2)
	}
	addr := net.JoinHostPort(host, port)
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		log.Printf("cannot listen on %s: %v", addr, err)
		os.Exit(1)
	}
	handler, closeSessions := routes()
	server := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	server.RegisterOnShutdown(closeSessions)
	// GOMAXPROCS defaults to the CPUs in the affinity mask, capped by a cgroup CPU quota (Go 1.25+).
	log.Printf("listening on http://%s with GOMAXPROCS=%d", addr, runtime.GOMAXPROCS(0))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	select {
	case err := <-served:
		log.Printf("server error: %v", err)
		os.Exit(1)
	case <-ctx.Done():
	}
	// Stop accepting, let in-flight requests finish, then exit 0.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("shutdown: %v", err)
		os.Exit(1)
	}
	log.Print("stopped")
}

func envOr(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok && value != "" {
		return value
	}
	return fallback
}
