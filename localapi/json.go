package localapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// maxBody bounds request bodies: the largest valid one is well under 1 KiB.
const maxBody = 4 << 10

// apiError is a failure the API answers with its own status and code.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, code, format string, a ...any) *apiError {
	return &apiError{status: status, code: code, msg: fmt.Sprintf(format, a...)}
}

// handlerFunc is a handler that returns its failure rather than writing it,
// so that every failure goes through writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (h handlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		writeError(w, r, err)
	}
}

// writeError is the API's one error answer:
// {"error":{"code":"…","message":"…"}}, with the status of the error's code.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := classify(err)
	if e.status == http.StatusInternalServerError {
		slog.Error("local api", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	type body struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	writeJSON(w, e.status, struct {
		Error body `json:"error"`
	}{body{e.code, e.msg}})
}

// classify finds the answer to err: its own if it is an apiError, the
// table's if it is a Controller error, 500 otherwise.
func classify(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errorf(http.StatusRequestEntityTooLarge, "too_large", "the body is larger than %d bytes", tooBig.Limit)
	}
	for _, c := range controllerErrors {
		if errors.Is(err, c.err) {
			return &apiError{status: c.status, code: c.code, msg: c.err.Error()}
		}
	}
	return errorf(http.StatusInternalServerError, "internal", "the kiosk could not do that; its log says why")
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("local api: write answer", "err", err)
	}
}

// decode reads a JSON object of at most maxBody bytes into v, refusing
// unknown fields and trailing data. An empty body leaves v alone and
// reports false.
func decode(w http.ResponseWriter, r *http.Request, v any) (bool, error) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	switch err := dec.Decode(v); {
	case errors.Is(err, io.EOF):
		return false, nil
	case err != nil:
		return false, badJSON(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("more than one JSON value")
		}
		return false, badJSON(err)
	}
	return true, nil
}

func badJSON(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return errorf(http.StatusBadRequest, "bad_json", "the body is not the JSON object expected: %v", err)
}
