package survey_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"hailong/kiosk/survey"
)

// vectorFile is the published test vectors of docs/RESPONSE.md §7.
type vectorFile struct {
	Vectors []struct {
		Name         string          `json:"name"`
		Valid        bool            `json:"valid"`
		Response     json.RawMessage `json:"response"`
		Canonical    string          `json:"canonical"`
		CanonicalHex string          `json:"canonical_hex"`
		SHA256       string          `json:"sha256"`
	} `json:"vectors"`
}

// TestPublishedVectors recomputes every published test vector with our
// implementation, so that the documents another vendor implements from
// cannot drift from the code: the canonical bytes (as text and as hex),
// the hash, the validity, and the chain the valid ones form.
func TestPublishedVectors(t *testing.T) {
	b, err := os.ReadFile("../docs/test-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f vectorFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) < 6 {
		t.Fatalf("%d vectors; the documents promise six", len(f.Vectors))
	}
	var chain []survey.Response
	for _, v := range f.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			var r survey.Response
			dec := json.NewDecoder(bytes.NewReader(v.Response))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&r); err != nil {
				t.Fatal(err)
			}
			fromHex, err := hex.DecodeString(v.CanonicalHex)
			if err != nil {
				t.Fatal(err)
			}
			got := r.Canonical()
			if string(got) != v.Canonical || !bytes.Equal(got, fromHex) {
				t.Errorf("canonical bytes differ:\n got %s\nwant %s", got, v.Canonical)
			}
			sum := sha256.Sum256(fromHex)
			if h := hex.EncodeToString(sum[:]); h != v.SHA256 || r.ComputeHash() != v.SHA256 || r.Hash != v.SHA256 {
				t.Errorf("hash: file %s, sha256 of the bytes %s, ComputeHash %s, record %s", v.SHA256, h, r.ComputeHash(), r.Hash)
			}
			if err := r.Validate(); (err == nil) != v.Valid {
				t.Errorf("valid is %v in the file, Validate says %v", v.Valid, err)
			}
			if v.Valid {
				chain = append(chain, r)
			}
		})
	}
	if err := survey.VerifyChain(chain, survey.GenesisHash); err != nil || len(chain) < 5 {
		t.Errorf("the %d valid vectors are not one chain from seq 1: %v", len(chain), err)
	}
}

// TestWorkedExample checks the worked example of docs/RESPONSE.md §6: its
// canonical line and hash are those of the vector it names.
func TestWorkedExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/RESPONSE.md")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile("(?m)^```\n(\\{\"id\".*\\})\n```$").FindSubmatch(doc)
	hash := regexp.MustCompile(`SHA-256 = ([0-9a-f]{64})`).FindSubmatch(doc)
	if line == nil || hash == nil {
		t.Fatal("RESPONSE.md has no worked example (a canonical line in a code block and `SHA-256 = …`)")
	}
	b, err := os.ReadFile("../docs/test-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f vectorFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	for _, v := range f.Vectors {
		if v.Canonical != string(line[1]) {
			continue
		}
		if v.SHA256 != string(hash[1]) {
			t.Errorf("the worked example's hash is %s; its vector's %s", hash[1], v.SHA256)
		}
		sum := sha256.Sum256(line[1])
		if hex.EncodeToString(sum[:]) != string(hash[1]) {
			t.Errorf("SHA-256 of the worked example's line is %x, not %s", sum, hash[1])
		}
		return
	}
	t.Errorf("the worked example is none of the test vectors:\n%s", line[1])
}
