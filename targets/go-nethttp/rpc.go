package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxBody is the largest accepted /tool body; one byte more is 413.
const maxBody = 1 << 20

type content struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type toolResult struct {
	Content []content `json:"content"`
	IsError bool      `json:"isError"`
}

type success struct {
	JSONRPC string     `json:"jsonrpc"`
	ID      any        `json:"id"`
	Result  toolResult `json:"result"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type failure struct {
	JSONRPC string   `json:"jsonrpc"`
	ID      any      `json:"id"`
	Error   rpcError `json:"error"`
}

func fail(code int, id any, rpcCode int, message string) (int, []byte) {
	return code, marshal(failure{JSONRPC: "2.0", ID: id, Error: rpcError{Code: rpcCode, Message: message}})
}

func parseError() (int, []byte) { return fail(http.StatusBadRequest, nil, -32700, "Parse error") }

func invalidRequest() (int, []byte) {
	return fail(http.StatusBadRequest, nil, -32600, "Invalid Request")
}

func tooLarge() (int, []byte) {
	return fail(http.StatusRequestEntityTooLarge, nil, -32600, "Request body too large (limit 1048576 bytes)")
}

// handleTool serves POST /tool: an MCP-style tools/call over JSON-RPC 2.0.
func handleTool(w http.ResponseWriter, r *http.Request) {
	code, body := toolResponse(w, r)
	writeBody(w, code, body)
}

func toolResponse(w http.ResponseWriter, r *http.Request) (int, []byte) {
	if r.ContentLength > maxBody {
		drain(r)
		return tooLarge()
	}
	var buffer bytes.Buffer
	if r.ContentLength > 0 {
		buffer.Grow(int(r.ContentLength))
	}
	_, err := buffer.ReadFrom(http.MaxBytesReader(w, r.Body, maxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		drain(r)
		return tooLarge()
	case err != nil:
		return parseError()
	}
	return handleRPC(buffer.Bytes())
}

// drainLimit bounds how much of an oversized upload is read and thrown away before the 413.
const drainLimit = 64 << 20

// drain reads the rest of an oversized upload before answering. Closing with unread bytes in the
// socket makes the kernel send a reset, and a reset that arrives while the client is still
// sending can destroy the 413 before the client reads it (seen as ECONNRESET in the contract
// suite). Reading from r.Body, not the MaxBytesReader, gets past the limit.
func drain(r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, drainLimit))
}

// decode parses one JSON value with numbers kept as text, rejecting invalid UTF-8 and trailing data.
func decode(body []byte) (any, bool) {
	if !utf8.Valid(body) || hasLoneSurrogate(body) || tooDeep(body) {
		return nil, false
	}
	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.UseNumber()
	var value any
	if decoder.Decode(&value) != nil {
		return nil, false
	}
	if _, err := decoder.Token(); err != io.EOF {
		return nil, false
	}
	return value, true
}

// maxDepth is serde_json's nesting limit: a document nested deeper is a parse error in every target.
const maxDepth = 127

func tooDeep(body []byte) bool {
	if bytes.Count(body, []byte("["))+bytes.Count(body, []byte("{")) <= maxDepth {
		return false // the usual case: too few brackets to matter
	}
	depth, inString, escaped := 0, false, false
	for _, c := range body {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > maxDepth {
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}

// hasLoneSurrogate finds a \uD800-\uDFFF escape that is not half of a pair. serde_json and the
// Python target refuse those; encoding/json would quietly turn them into U+FFFD.
func hasLoneSurrogate(body []byte) bool {
	if !bytes.Contains(body, []byte(`\u`)) {
		return false
	}
	for i := 0; i+1 < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		if body[i+1] != 'u' {
			i++ // skip the escaped character, which may be a backslash
			continue
		}
		r, ok := hex4(body, i+2)
		if !ok {
			return false // not valid JSON; the decoder says so
		}
		i += 5
		switch {
		case r >= 0xdc00 && r <= 0xdfff:
			return true
		case r >= 0xd800 && r <= 0xdbff:
			if i+6 < len(body) && body[i+1] == '\\' && body[i+2] == 'u' {
				if low, ok := hex4(body, i+3); ok && low >= 0xdc00 && low <= 0xdfff {
					i += 6
					continue
				}
			}
			return true
		}
	}
	return false
}

func hex4(body []byte, at int) (uint64, bool) {
	if at+4 > len(body) {
		return 0, false
	}
	value, err := strconv.ParseUint(string(body[at:at+4]), 16, 32)
	return value, err == nil
}

// handleRPC checks the request in the contract's order and returns the HTTP status and body.
func handleRPC(body []byte) (int, []byte) {
	value, ok := decode(body)
	if !ok {
		return parseError()
	}
	request, ok := value.(map[string]any)
	if !ok {
		return invalidRequest()
	}
	id, ok := validID(request["id"])
	if version, _ := request["jsonrpc"].(string); !ok || version != "2.0" {
		return invalidRequest()
	}
	method, ok := request["method"].(string)
	if !ok {
		return invalidRequest()
	}
	if method != "tools/call" {
		return fail(http.StatusOK, id, -32601, "Method not found")
	}
	params, ok := request["params"].(map[string]any)
	if !ok {
		return fail(http.StatusOK, id, -32602, "Invalid params")
	}
	name, ok := params["name"].(string)
	if !ok {
		return fail(http.StatusOK, id, -32602, "Invalid params")
	}
	arguments := map[string]any{}
	if raw, present := params["arguments"]; present {
		if arguments, ok = raw.(map[string]any); !ok {
			return fail(http.StatusOK, id, -32602, "Invalid params")
		}
	}
	text, err := callTool(name, arguments)
	if errors.Is(err, errOutOfRange) {
		return parseError() // serde_json and the Python target refuse such numbers while parsing
	}
	if err != nil {
		return fail(http.StatusOK, id, -32602, err.Error())
	}
	return http.StatusOK, marshal(success{JSONRPC: "2.0", ID: id, Result: toolResult{Content: []content{{Type: "text", Text: text}}}})
}

// validID accepts what JSON-RPC allows as an id: absent/null, a string, or an integer (int64).
func validID(raw any) (any, bool) {
	switch id := raw.(type) {
	case nil, string:
		return id, true
	case json.Number:
		n, err := strconv.ParseInt(string(id), 10, 64)
		return n, err == nil
	}
	return nil, false
}

var errOutOfRange = errors.New("number out of range")

func callTool(name string, arguments map[string]any) (string, error) {
	switch name {
	case "word_count":
		text, ok := arguments["text"].(string)
		if !ok {
			return "", errors.New("Invalid params: word_count needs a string argument text")
		}
		// words are maximal runs of characters without the Unicode White_Space property
		return strconv.Itoa(len(strings.Fields(text))), nil
	case "add":
		a, errA := number(arguments["a"])
		b, errB := number(arguments["b"])
		if errors.Is(errA, errOutOfRange) || errors.Is(errB, errOutOfRange) {
			return "", errOutOfRange
		}
		if errA != nil || errB != nil {
			return "", errors.New("Invalid params: add needs numbers a and b")
		}
		sum := a + b
		if math.IsInf(sum, 0) || math.IsNaN(sum) {
			return "", errors.New("Invalid params: add result is not a finite number")
		}
		// shortest decimal that round-trips, never in exponent form: 5, 3.75, 0.30000000000000004
		return strconv.FormatFloat(sum, 'f', -1, 64), nil
	case "sha256":
		text, ok := arguments["text"].(string)
		if !ok {
			return "", errors.New("Invalid params: sha256 needs a string argument text")
		}
		digest := sha256.Sum256([]byte(text))
		return hex.EncodeToString(digest[:]), nil
	}
	return "", errors.New("Unknown tool: " + name)
}

func number(raw any) (float64, error) {
	text, ok := raw.(json.Number)
	if !ok {
		return 0, errors.New("not a number")
	}
	value, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		return 0, errOutOfRange
	}
	return value, nil
}
