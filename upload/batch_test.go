package upload

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// TestEncodeBatchIsProtocolBatch: the batch written from the items'
// encodings is byte for byte what encoding/json makes of protocol.Batch,
// so a field added to protocol.Batch cannot be silently left out.
func TestEncodeBatchIsProtocolBatch(t *testing.T) {
	db := openDB(t, survey.NewManualClock(testStart))
	rs := save(t, db, 5)
	for _, n := range []int{1, 5} {
		items, err := encodeItems(rs[:n])
		if err != nil {
			t.Fatal(err)
		}
		id := batchID(items)
		gz, err := encodeBatch(id, items)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(protocol.Batch{BatchID: id, Responses: rs[:n]})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d responses: encoded batch\n%s\nwant\n%s", n, got, want)
		}
	}
}

func TestBatchIDIsStableAndSpecific(t *testing.T) {
	db := openDB(t, survey.NewManualClock(testStart))
	rs := save(t, db, 4)
	a, _ := encodeItems(rs)
	b, _ := encodeItems(append([]survey.Response(nil), rs...))
	if batchID(a) != batchID(b) {
		t.Error("the same responses gave two batch ids")
	}
	for name, other := range map[string][]item{"fewer": a[:3], "others": a[1:], "reordered": {a[1], a[0], a[2], a[3]}} {
		if batchID(other) == batchID(a) {
			t.Errorf("%s responses share the batch id", name)
		}
	}
}

// TestBatchesStayUnderTheByteLimit: responses with long fields make 500 of
// them larger than 1 MiB; the batch is cut to fit.
func TestBatchesStayUnderTheByteLimit(t *testing.T) {
	long := strings.Repeat("x", 2000)
	items := make([]item, 600)
	for i := range items {
		items[i] = item{js: []byte(`{"id":"` + long + `"}`)}
	}
	n := fit(items)
	size := batchOverhead + n*(len(items[0].js)+1) - 1
	if n == 0 || size > protocol.MaxBatchBytes || size+len(items[0].js)+1 <= protocol.MaxBatchBytes {
		t.Errorf("fit = %d items (%d bytes), want the most under %d", n, size, protocol.MaxBatchBytes)
	}
	huge := []item{{js: make([]byte, protocol.MaxBatchBytes)}}
	if fit(huge) != 0 {
		t.Error("a response over the limit by itself fit")
	}
}
