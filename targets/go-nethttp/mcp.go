package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// /mcp and /mcp-session: the same tools as /tool, served by the official Go MCP SDK over
// Streamable HTTP. /mcp is stateless (no Mcp-Session-Id; plain JSON answers), for load;
// /mcp-session keeps sessions the way the SDK does (Mcp-Session-Id, SSE answers, DELETE ends one).

// errorTool fails on every call: the conformance suite's tools-call-error scenario calls it.
const errorTool = "test_error_handling"

func textSchema(description string) map[string]any {
	return map[string]any{
		"type":       "object",
		"properties": map[string]any{"text": map[string]any{"type": "string", "description": description}},
		"required":   []string{"text"},
	}
}

var mcpTools = []*mcp.Tool{
	{
		Name:        "word_count",
		Description: "Number of words in text (runs of characters without Unicode White_Space)",
		InputSchema: textSchema("the text to count words in"),
	},
	{
		Name:        "add",
		Description: "a + b in double precision, as the shortest decimal that round-trips",
		InputSchema: map[string]any{
			"type": "object",
			"properties": map[string]any{
				"a": map[string]any{"type": "number", "description": "first addend"},
				"b": map[string]any{"type": "number", "description": "second addend"},
			},
			"required": []string{"a", "b"},
		},
	},
	{
		Name:        "sha256",
		Description: "Lowercase hex SHA-256 of the UTF-8 bytes of text",
		InputSchema: textSchema("the text to hash"),
	},
	{
		Name:        errorTool,
		Description: "Always fails with a tool error (isError: true)",
		InputSchema: map[string]any{"type": "object", "properties": map[string]any{}},
	},
}

// newMCPServer registers the tools with low-level handlers, so arguments go through callTool,
// the code /tool uses: the same answers, and a bad argument is a tool error with /tool's message.
func newMCPServer() *mcp.Server {
	// The SDK answers prompts/list (empty) whatever is registered, and its default capabilities
	// are logging alone: 2026-07-28's server/discover must declare what the handlers serve
	// (conformance server-stateless, sep-2575-server-declares-prompts-in-discover), so prompts is
	// declared beside logging; tools is added by the SDK once tools are.
	options := &mcp.ServerOptions{Capabilities: &mcp.ServerCapabilities{Logging: &mcp.LoggingCapabilities{}, Prompts: &mcp.PromptCapabilities{}}}
	server := mcp.NewServer(&mcp.Implementation{Name: "langbench-go-nethttp", Version: "0.1.0"}, options)
	for _, tool := range mcpTools {
		server.AddTool(tool, callMCPTool)
	}
	return server
}

func callMCPTool(_ context.Context, request *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	name := request.Params.Name
	if name == errorTool {
		return toolError("This tool intentionally returns an error for testing"), nil
	}
	arguments := map[string]any{}
	if raw := request.Params.Arguments; len(raw) > 0 && string(raw) != "null" {
		value, ok := decode(raw)
		if arguments, ok = value.(map[string]any); !ok {
			return toolError("Invalid params"), nil
		}
	}
	text, err := callTool(name, arguments)
	if errors.Is(err, errOutOfRange) {
		return toolError("Invalid params: number out of range"), nil
	}
	if err != nil {
		return toolError(err.Error()), nil
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: text}}}, nil
}

func toolError(message string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: message}}, IsError: true}
}

// mcpHandlers builds /mcp (stateless) and /mcp-session (stateful) on one shared server. The
// SDK rejects a non-localhost Host on a loopback connection (403, DNS rebinding); the
// cross-origin check refuses a browser's request from a foreign Origin.
// closeSessions ends every open session (and its event stream), so a graceful shutdown need
// not wait for clients to hang up.
func mcpHandlers() (stateless, stateful http.Handler, closeSessions func()) {
	server := newMCPServer()
	get := func(*http.Request) *mcp.Server { return server }
	protection := http.NewCrossOriginProtection()
	stateless = protection.Handler(mcp.NewStreamableHTTPHandler(get, &mcp.StreamableHTTPOptions{
		Stateless: true, JSONResponse: true, MaxRequestBodyBytes: maxBody,
	}))
	stateful = protection.Handler(mcp.NewStreamableHTTPHandler(get, &mcp.StreamableHTTPOptions{
		MaxRequestBodyBytes: maxBody,
	}))
	closeSessions = func() {
		for session := range server.Sessions() {
			_ = session.Close()
		}
	}
	return stateless, stateful, closeSessions
}

// withServerHeader names the server on MCP answers too, as writeBody does for the contract's.
func withServerHeader(handler http.Handler, w http.ResponseWriter, r *http.Request) {
	w.Header()["Server"] = []string{"go-nethttp"}
	handler.ServeHTTP(w, r)
}
