package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestListenAndServe runs the API on a real loopback socket.
func TestListenAndServe(t *testing.T) {
	ln, err := Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) || addr.Port == 0 {
		t.Fatalf("listening on %v, want 127.0.0.1 and a port", addr)
	}
	srv := NewServer(New(&fakeController{status: Status{Mode: "open"}}, secret))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Error(err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Error(err)
		}
	})

	req, err := http.NewRequest("POST", "http://"+addr.String()+"/trigger", strings.NewReader(`{"ticket":"B007"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", bearerAuth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body triggerResponse
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusAccepted || body.InvitationID != "inv-1" {
		t.Errorf("POST /trigger: %d %+v %v", resp.StatusCode, body, err)
	}

	// The same port cannot be taken twice.
	if ln2, err := Listen(addr.Port); err == nil {
		ln2.Close()
		t.Error("Listen on a taken port succeeded")
	}
}

func TestListenRefusesBadPorts(t *testing.T) {
	for _, port := range []int{-1, 65536} {
		if ln, err := Listen(port); err == nil {
			ln.Close()
			t.Errorf("Listen(%d) succeeded", port)
		} else if !strings.Contains(err.Error(), strconv.Itoa(port)) {
			t.Errorf("Listen(%d): %v does not name the port", port, err)
		}
	}
}
