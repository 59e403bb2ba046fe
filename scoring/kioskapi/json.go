package kioskapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"

	"hailong/kiosk/protocol"
)

// smallBodyLimit bounds the bodies of enrolment and heartbeat requests.
const smallBodyLimit = 64 << 10

// compressedSlack is how much larger than its limit a gzip body may be:
// gzip of incompressible data grows a little (headers and stored blocks).
const compressedSlack = 16 << 10

// encode writes v as JSON with status. It and writeJSON (for a batch's
// results, protocol.BatchResult.AppendJSON) are the server's only JSON
// writers: an encoding failure can only be a bug, and is logged by the
// caller's middleware as a short body.
func encode(w http.ResponseWriter, status int, v any) {
	jsonHeader(w, status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away, or v is not encodable (a bug)
}

// writeJSON answers with body, JSON already encoded.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	jsonHeader(w, status)
	_, _ = w.Write(body) // the client went away
}

func jsonHeader(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
}

// decode reads a small JSON body (at most smallBodyLimit once decoded)
// into a T. It is the only JSON reader of the server; the batch decoder
// (ingest.go) reads its body the same way and only unmarshals differently.
func decode[T any](w http.ResponseWriter, r *http.Request) (T, error) {
	var v T
	body, err := readSmall(w, r)
	if err != nil {
		return v, err
	}
	if err := unmarshal(body, &v); err != nil {
		return v, fail(protocol.CodeBadRequest, "the body is not valid JSON for this request: %v", err)
	}
	return v, nil
}

// readSmall reads a small body (at most smallBodyLimit once decoded) that
// must be valid UTF-8, for decode and for a handler that also reads some
// of it strictly (the heartbeat's invitation counts).
func readSmall(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	buf := make([]byte, smallBodyLimit+1)
	body, err := readBody(w, r, buf)
	if err != nil {
		return nil, err
	}
	if err := checkUTF8(body); err != nil {
		return nil, err
	}
	return body, nil
}

// unmarshal decodes exactly one JSON value from data; trailing data is an
// error. Unknown fields are ignored, so that a newer client can talk to an
// older server.
func unmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

var gzipReaders sync.Pool // *gzip.Reader, reused between requests

// readBody reads a request body into buf, whose length is the decoded
// limit plus one byte: a body that fills buf is too large. It accepts
// Content-Encoding gzip or identity and a JSON (or absent) Content-Type.
//
// Memory stays bounded whatever the client sends: a declared
// Content-Length over the limit is refused before reading; the raw stream
// is capped (http.MaxBytesReader, which also closes the connection after
// the answer), and decompression stops at len(buf), so a gzip bomb never
// inflates past the limit. A truncated or corrupt body is an error; the
// caller writes nothing before the whole body has been read.
func readBody(w http.ResponseWriter, r *http.Request, buf []byte) ([]byte, error) {
	limit := int64(len(buf) - 1)
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, fail(protocol.CodeUnsupported, "Content-Type %q: send application/json", ct)
		}
	}
	gz := false
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		gz = true
	default:
		return nil, fail(protocol.CodeUnsupported, "Content-Encoding %q: send gzip or identity", enc)
	}
	rawLimit := limit
	if gz {
		rawLimit += compressedSlack
	}
	if r.ContentLength > rawLimit {
		return nil, fail(protocol.CodeTooLarge, "the body is %d bytes; the limit is %d", r.ContentLength, rawLimit)
	}
	var src io.Reader = http.MaxBytesReader(w, r.Body, rawLimit)
	if gz {
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(src)
		} else {
			err = zr.Reset(src)
		}
		if err != nil {
			return nil, bodyError(err, limit)
		}
		defer gzipReaders.Put(zr)
		src = zr
	}
	n := 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if errors.Is(err, io.EOF) {
			return buf[:n], nil
		}
		if err != nil {
			return nil, bodyError(err, limit)
		}
	}
	return nil, fail(protocol.CodeTooLarge, "the body is larger than %d bytes once decoded", limit)
}

// bodyError classifies a failure to read a body.
func bodyError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fail(protocol.CodeTooLarge, "the body is larger than %d bytes", mbe.Limit)
	}
	// The body deadline (bodyGate) passed: a slow link, not a bad body,
	// so the kiosk retries it.
	if errors.Is(err, os.ErrDeadlineExceeded) {
		e := fail(protocol.CodeTimeout, "the body did not arrive in time: retry")
		e.err = fmt.Errorf("read body: %w", err)
		return e
	}
	e := fail(protocol.CodeBadRequest, "the body is truncated or not valid gzip: %v", err)
	e.err = fmt.Errorf("read body (limit %d): %w", limit, err)
	return e
}
