package upload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/google/uuid"
	"github.com/klauspost/compress/gzip"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// item is one pending response with its JSON encoding, made once per drain
// step and reused by every split of the batch.
type item struct {
	r  survey.Response
	js []byte
}

// batchNamespace names the UUIDv5 batch ids of this product.
var batchNamespace = uuid.MustParse("2cc4ba73-2a8c-47ef-a7dd-775dd15581e1")

// batchOverhead is the JSON of an empty batch with its id.
const batchOverhead = len(`{"batch_id":"00000000-0000-0000-0000-000000000000","responses":[]}`)

// encodeItems encodes each response as survey.Response.AppendJSON writes
// it (encoding/json's bytes, without HTML escaping), into one buffer. The
// reflection-based encoder was a fifth of the kiosk's CPU per batch.
func encodeItems(rs []survey.Response) ([]item, error) {
	items := make([]item, len(rs))
	buf := make([]byte, 0, len(rs)*itemSize)
	for i, r := range rs {
		start := len(buf)
		buf = r.AppendJSON(buf)
		items[i] = item{r: r, js: buf[start:len(buf):len(buf)]}
	}
	return items, nil
}

// itemSize is room for a typical response's JSON.
const itemSize = 700

// fit returns how many leading items make a batch within
// protocol.MaxBatchBytes of JSON (the limit applies after gzip decoding).
func fit(items []item) int {
	size := batchOverhead
	for i, it := range items {
		size += len(it.js)
		if i > 0 {
			size++ // the comma
		}
		if size > protocol.MaxBatchBytes {
			return i
		}
	}
	return len(items)
}

// batchID is a UUIDv5 of the batch's response ids in order, so the same set
// of responses, sent again after a lost answer, carries the same
// Idempotency-Key.
func batchID(items []item) string {
	var b bytes.Buffer
	b.Grow(len(items) * 37)
	for _, it := range items {
		b.WriteString(it.r.ID)
		b.WriteByte('\n')
	}
	return uuid.NewSHA1(batchNamespace, b.Bytes()).String()
}

// gzipWriters are reused: a gzip.Writer allocates about 800 KB.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // BestSpeed is a valid level
	return w
}}

// encodeBatch returns the gzip-compressed JSON of protocol.Batch{id,
// items}, written from the items' encodings.
func encodeBatch(id string, items []item) ([]byte, error) {
	var out bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&out)
	head, err := json.Marshal(protocol.Batch{BatchID: id})
	if err != nil {
		return nil, fmt.Errorf("encode batch: %w", err)
	}
	// head is {"batch_id":"…","responses":null}: keep it up to the colon.
	head = head[:bytes.LastIndexByte(head, ':')+1]
	zw.Write(head) // a bytes.Buffer cannot fail; Close reports any error
	zw.Write([]byte{'['})
	for i, it := range items {
		if i > 0 {
			zw.Write([]byte{','})
		}
		zw.Write(it.js)
	}
	zw.Write([]byte("]}"))
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encode batch: gzip: %w", err)
	}
	return out.Bytes(), nil
}
