package scoring

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"

	"hailong/kiosk/survey"
)

// Verifying an export with nothing but the file (docs/EXPORT.md): each
// row's hash is recomputed from its cells, and each row's prev_hash is
// checked against the hash of the previous seq of its kiosk when that row
// is in the file too. What the file cannot show (a chain that starts
// before the file, seqs absent from it) is reported as a note, not a
// problem: an export covers a range of days, not whole chains.

// Kinds of problem found in an export.
const (
	ExportMalformed  = "malformed"   // a row that cannot be read back
	ExportMismatch   = "mismatch"    // its cells do not hash to its hash
	ExportBrokenLink = "broken_link" // its prev_hash is not the hash of the previous seq in the file
	ExportDuplicate  = "duplicate"   // an id that appears twice, or a second row with the same kiosk and seq
)

// ExportProblem is one problem found in an export.
type ExportProblem struct {
	Line       int // where the row starts in the file, from 1
	Kind       string
	KioskID    string
	Seq        int64
	ResponseID string
	Detail     string
}

// ExportChain is one kiosk's part of an export.
type ExportChain struct {
	KioskID       string
	Rows          int
	FirstSeq      int64
	FirstPrevHash string // the anchor: compare it with the kiosk, or with an earlier export
	LastSeq       int64
	LastHash      string
	Missing       []Gap // seqs between FirstSeq and LastSeq absent from the file
}

// ExportReport is what VerifyExport found.
type ExportReport struct {
	Rows     int
	Chains   []ExportChain // by kiosk id
	Problems []ExportProblem
}

// VerifyExport reads a CSV export (the server's or the kiosk's: any file
// with every survey.CSVHeader column) and verifies it. The error is for a
// file that cannot be read at all; problems with rows are in the report.
func VerifyExport(r io.Reader) (ExportReport, error) {
	var rep ExportReport
	cr := survey.NewCSVReader(r)
	header, err := cr.Read()
	if err != nil {
		return rep, fmt.Errorf("verify export: header: %w", err)
	}
	col, err := survey.CSVColumns(header)
	if err != nil {
		return rep, fmt.Errorf("verify export: header: %w", err)
	}
	type row struct {
		line int
		r    survey.Response
	}
	byKiosk := map[string][]row{}
	seen := map[string]int{}
	for {
		line := cr.Line()
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// The reader cannot resynchronise after a broken quote.
			return rep, fmt.Errorf("verify export: %w", err)
		}
		rep.Rows++
		bad := func(kind string, r survey.Response, format string, a ...any) {
			rep.Problems = append(rep.Problems, ExportProblem{Line: line, Kind: kind, KioskID: r.KioskID, Seq: r.Seq,
				ResponseID: r.ID, Detail: fmt.Sprintf(format, a...)})
		}
		if len(rec) != len(header) {
			bad(ExportMalformed, survey.Response{}, "%d cells under a header of %d", len(rec), len(header))
			continue
		}
		resp, err := survey.ResponseFromCSV(col, rec)
		if err != nil {
			bad(ExportMalformed, resp, "%v", err)
			continue
		}
		if first, dup := seen[resp.ID]; dup {
			bad(ExportDuplicate, resp, "id already on line %d", first)
			continue
		}
		seen[resp.ID] = line
		if h := resp.ComputeHash(); h != resp.Hash {
			bad(ExportMismatch, resp, "its cells hash to %s, not to its hash %s", h, resp.Hash)
		}
		byKiosk[resp.KioskID] = append(byKiosk[resp.KioskID], row{line, resp})
	}
	ids := make([]string, 0, len(byKiosk))
	for id := range byKiosk {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rows := byKiosk[id]
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].r.Seq < rows[j].r.Seq })
		c := ExportChain{KioskID: id, Rows: len(rows), FirstSeq: rows[0].r.Seq, FirstPrevHash: rows[0].r.PrevHash,
			LastSeq: rows[len(rows)-1].r.Seq, LastHash: rows[len(rows)-1].r.Hash}
		hashesAt := map[int64][]string{}
		for _, x := range rows {
			hashesAt[x.r.Seq] = append(hashesAt[x.r.Seq], x.r.Hash)
		}
		for i, x := range rows {
			r := x.r
			if i > 0 && r.Seq == rows[i-1].r.Seq {
				rep.Problems = append(rep.Problems, ExportProblem{Line: x.line, Kind: ExportDuplicate, KioskID: id, Seq: r.Seq,
					ResponseID: r.ID, Detail: fmt.Sprintf("a second row with seq %d (line %d): a reused seq or an inserted row", r.Seq, rows[i-1].line)})
			}
			if i > 0 && r.Seq > rows[i-1].r.Seq+1 {
				c.Missing = append(c.Missing, Gap{From: rows[i-1].r.Seq + 1, To: r.Seq - 1})
			}
			var want []string
			switch prev, ok := hashesAt[r.Seq-1]; {
			case r.Seq == 1:
				want = []string{survey.GenesisHash}
			case ok:
				want = prev
			}
			if want != nil && !slices.Contains(want, r.PrevHash) {
				rep.Problems = append(rep.Problems, ExportProblem{Line: x.line, Kind: ExportBrokenLink, KioskID: id, Seq: r.Seq,
					ResponseID: r.ID, Detail: fmt.Sprintf("prev_hash %s is not the hash of seq %d", r.PrevHash, r.Seq-1)})
			}
		}
		rep.Chains = append(rep.Chains, c)
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	return rep, nil
}
