package upload

import (
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"hailong/kiosk/protocol"
)

// minimalServer is the least a server must do with a batch, for the drain
// benchmark: check the token, gunzip, decode the batch, store each id once,
// answer per item. It decodes only the ids (json still scans every byte);
// the real server's validation and database come on top.
type minimalServer struct {
	srv *httptest.Server
	mu  sync.Mutex
	ids map[string]struct{}
}

func newMinimalServer(t testing.TB) *minimalServer {
	m := &minimalServer{ids: map[string]struct{}{}}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *minimalServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != protocol.PathResponses || r.Header.Get("Authorization") != "Bearer "+testToken {
		http.Error(w, "no", http.StatusUnauthorized)
		return
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var b struct {
		BatchID   string `json:"batch_id"`
		Responses []struct {
			ID string `json:"id"`
		} `json:"responses"`
	}
	if err := json.NewDecoder(zr).Decode(&b); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	res := protocol.BatchResult{Results: make([]protocol.ItemResult, len(b.Responses))}
	m.mu.Lock()
	for i, it := range b.Responses {
		status := protocol.StatusAccepted
		if _, dup := m.ids[it.ID]; dup {
			status = protocol.StatusDuplicate
		}
		m.ids[it.ID] = struct{}{}
		res.Results[i] = protocol.ItemResult{ID: it.ID, Status: status}
	}
	m.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(res)
}

func (m *minimalServer) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.ids)
}
