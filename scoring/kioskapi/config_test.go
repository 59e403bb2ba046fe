package kioskapi_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
)

// pngBytes is the start of a PNG file: enough for content sniffing.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)

func TestConfigETag(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, er := f.enrol("k1", "c1", "1")
	w := f.do("GET", protocol.PathConfig, token, nil, nil)
	etag := w.Header().Get("ETag")
	if w.Code != http.StatusOK || etag != `"`+er.Config.Version+`"` {
		t.Fatalf("%d ETag %q, enrolment version %q", w.Code, etag, er.Config.Version)
	}
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		w = f.do("GET", protocol.PathConfig, token, nil, map[string]string{"If-None-Match": inm})
		if w.Code != http.StatusNotModified || w.Body.Len() != 0 || w.Header().Get("ETag") != etag {
			t.Fatalf("If-None-Match %s: %d %q", inm, w.Code, w.Body)
		}
	}

	// A roster change is a new version.
	_, off := pinHashes(t)
	if _, err := f.st.SaveOfficer(context.Background(), scoring.Officer{CentreID: "c1", ID: "o2", Name: "Trần Văn Minh",
		PINHash: off, UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	w = f.do("GET", protocol.PathConfig, token, nil, map[string]string{"If-None-Match": etag})
	var cfg protocol.KioskConfig
	decodeInto(t, w.Body.Bytes(), &cfg)
	if w.Code != http.StatusOK || w.Header().Get("ETag") == etag || len(cfg.Officers) != 2 {
		t.Fatalf("after a roster change: %d ETag %s, %d officers", w.Code, w.Header().Get("ETag"), len(cfg.Officers))
	}
	if _, err := cfg.ToSurvey(); err != nil {
		t.Fatalf("config does not validate: %v", err)
	}
}

func TestConfigNeedsToken(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	for _, auth := range []string{"", "Bearer", "Basic abc", "Bearer nope"} {
		w := f.do("GET", protocol.PathConfig, "", nil, map[string]string{"Authorization": auth})
		if w.Code != http.StatusUnauthorized || errorCode(t, w) != protocol.CodeUnauthorized || w.Header().Get("WWW-Authenticate") == "" {
			t.Fatalf("Authorization %q: %d %s", auth, w.Code, w.Body)
		}
	}
}

func TestPhotoServedToKiosksOfItsCentre(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	_, off := pinHashes(t)
	if _, err := f.st.SaveOfficer(context.Background(), scoring.Officer{CentreID: "c1", ID: "o1", Name: "Nguyễn Thị Lan",
		PINHash: off, Photo: &scoring.Photo{ContentType: "image/png", Data: pngBytes}, UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	token, er := f.enrol("k1", "c1", "1")
	url := er.Config.Officers[0].PhotoURL
	if url == "" {
		t.Fatal("no photo_url in the configuration")
	}
	w := f.do("GET", url, token, nil, nil)
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), pngBytes) || w.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("%d %q", w.Code, w.Header().Get("Content-Type"))
	}
	if w := f.do("GET", url, "", nil, nil); w.Code != http.StatusUnauthorized {
		t.Fatalf("without a token: %d", w.Code)
	}
	other, _ := f.enrol("k2", "c2", "1")
	if w := f.do("GET", url, other, nil, nil); w.Code != http.StatusNotFound || errorCode(t, w) != protocol.CodeNotFound {
		t.Fatalf("a kiosk of another centre: %d %s", w.Code, w.Body)
	}
}

func TestUnknownRoutesAnswerJSON(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	w := f.do("GET", "/nope", "", nil, nil)
	if w.Code != http.StatusNotFound || errorCode(t, w) != protocol.CodeNotFound {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	w = f.do("PUT", protocol.PathResponses, "", nil, nil)
	if w.Code != http.StatusMethodNotAllowed || errorCode(t, w) != protocol.CodeMethod || w.Header().Get("Allow") != "POST" {
		t.Fatalf("%d %s %v", w.Code, w.Body, w.Header())
	}
}

func TestHealthz(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	if w := f.do("GET", "/healthz", "", nil, nil); w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	f.st.Close()
	if w := f.do("GET", "/healthz", "", nil, nil); w.Code != http.StatusServiceUnavailable || errorCode(t, w) != protocol.CodeUnavailable {
		t.Fatalf("closed store: %d %s", w.Code, w.Body)
	}
}
