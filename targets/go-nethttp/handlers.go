package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

type message struct {
	Message string `json:"message"`
}

type status struct {
	Status string `json:"status"`
}

type httpError struct {
	Error string `json:"error"`
}

// routes maps the contract's paths; a known path with another method is 405, anything else 404.
// /mcp and /mcp-session (mcp.go) answer every method themselves. closeSessions ends open MCP
// sessions at shutdown.
// A plain switch rather than http.ServeMux: the mux would redirect unclean paths such as //json
// (307) where the contract says 404.
func routes() (handler http.Handler, closeSessions func()) {
	health := onlyGet(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, status{Status: "ok"})
	})
	// Serialised on every request on purpose: the benchmark measures serialisation, not a cache.
	hello := onlyGet(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, message{Message: "Hello, World!"})
	})
	mcpStateless, mcpStateful, closeSessions := mcpHandlers()
	handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/health":
			health(w, r)
		case "/json":
			hello(w, r)
		case "/tool":
			if r.Method != http.MethodPost {
				methodNotAllowed(w, "POST")
				return
			}
			handleTool(w, r)
		case "/mcp":
			withServerHeader(mcpStateless, w, r)
		case "/mcp-session":
			withServerHeader(mcpStateful, w, r)
		default:
			writeJSON(w, http.StatusNotFound, httpError{Error: "Not Found"})
		}
	})
	return handler, closeSessions
}

func onlyGet(handler http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, "GET, HEAD")
			return
		}
		handler(w, r)
	}
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header()["Allow"] = []string{allow}
	writeJSON(w, http.StatusMethodNotAllowed, httpError{Error: "Method Not Allowed"})
}

// marshal is compact JSON without HTML escaping, like serde_json and Python's json.dumps.
func marshal(value any) []byte {
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		panic(err) // only plain structs are encoded here
	}
	return unescapeLineSeparators(bytes.TrimSuffix(buffer.Bytes(), []byte{'\n'}))
}

// unescapeLineSeparators turns encoding/json's \u2028 and \u2029 escapes back into the raw
// characters, as serde_json and Python's json.dumps(ensure_ascii=False) write them.
func unescapeLineSeparators(out []byte) []byte {
	if !bytes.Contains(out, []byte(`\u202`)) {
		return out
	}
	result := make([]byte, 0, len(out))
	for i := 0; i < len(out); i++ {
		if out[i] == '\\' && i+5 < len(out) && string(out[i+1:i+5]) == "u202" && (out[i+5] == '8' || out[i+5] == '9') {
			result = append(result, 0xe2, 0x80, 0xa8+out[i+5]-'8')
			i += 5
			continue
		}
		if out[i] == '\\' && i+1 < len(out) {
			result = append(result, out[i], out[i+1]) // keep any other escape whole, so \\u2028 stays text
			i++
			continue
		}
		result = append(result, out[i])
	}
	return result
}

func writeJSON(w http.ResponseWriter, code int, value any) {
	writeBody(w, code, marshal(value))
}

// writeBody sets the contract's headers; net/http adds Date.
func writeBody(w http.ResponseWriter, code int, body []byte) {
	header := w.Header()
	header["Content-Type"] = []string{"application/json"}
	header["Content-Length"] = []string{strconv.Itoa(len(body))}
	header["Server"] = []string{"go-nethttp"}
	w.WriteHeader(code)
	w.Write(body)
}
