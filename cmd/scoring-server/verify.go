package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

// problemsFound is a verification that ran and found problems: exit
// status 3, so that a script tells it from a verification that could not
// run (1) and a bad command line (2).
type problemsFound struct{ msg string }

func (e problemsFound) Error() string { return e.msg }

// runVerify recomputes every stored chain (or one kiosk's) from its rows,
// records what it found (kiosk list and /metrics show it) and prints each
// problem.
func runVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("verify", getenv, stderr)
	kiosk := fs.String("kiosk", "", "only this kiosk")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		rep, err := st.VerifyChains(ctx, scoring.VerifyOptions{KioskID: *kiosk, Full: true})
		if err != nil {
			return err
		}
		if len(rep.Problems) > 0 {
			writeTSV(stdout, "problem", "kind", "kiosk", "seq", "to_seq", "response_id", "detail")
		}
		n := map[string]int{}
		for _, p := range rep.Problems {
			n[p.Kind]++
			writeTSV(stdout, "problem", p.Kind, dash(p.KioskID), seqOrDash(p.Seq), seqOrDash(p.ToSeq), dash(p.ResponseID), p.Detail)
		}
		if len(rep.Problems) == 0 {
			fmt.Fprintf(stderr, "Đã kiểm tra %d máy, %d đánh giá: chuỗi băm nguyên vẹn. / Verified %d kiosks, %d ratings: every chain is intact.\n",
				rep.Kiosks, rep.Rows, rep.Kiosks, rep.Rows)
			return nil
		}
		return problemsFound{fmt.Sprintf("Dữ liệu đánh giá đã bị sửa, xoá hoặc chèn ngoài máy chủ: %d vấn đề (%s). "+
			"Đừng xoá gì; so sánh với bản sao lưu và với dữ liệu trên các máy kiosk. / "+
			"Stored ratings were changed, deleted or inserted outside the server: %d problems (%s). "+
			"Delete nothing; compare with a backup and with the kiosks' own data.",
			len(rep.Problems), kindCounts(n), len(rep.Problems), kindCounts(n))}
	})
}

// runVerifyExport verifies a CSV export with nothing but the file.
func runVerifyExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, _ := newFlags("verify-export", getenv, stderr)
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	var in io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("verify-export: %w", err)
		}
		defer f.Close()
		in = f
	}
	rep, err := scoring.VerifyExport(in)
	if err != nil {
		return err
	}
	writeTSV(stdout, "chain", "kiosk", "rows", "first_seq", "first_prev_hash", "last_seq", "last_hash", "missing")
	for _, c := range rep.Chains {
		writeTSV(stdout, "chain", c.KioskID, strconv.Itoa(c.Rows), seqOrDash(c.FirstSeq), c.FirstPrevHash,
			seqOrDash(c.LastSeq), c.LastHash, gapList(c.Missing))
	}
	if len(rep.Problems) == 0 {
		fmt.Fprintf(stderr, "%d đánh giá: mọi mã băm và liên kết đều khớp. / %d ratings: every hash and link checks out.\n", rep.Rows, rep.Rows)
		return nil
	}
	writeTSV(stdout, "problem", "line", "kind", "kiosk", "seq", "response_id", "detail")
	n := map[string]int{}
	for _, p := range rep.Problems {
		n[p.Kind]++
		writeTSV(stdout, "problem", strconv.Itoa(p.Line), p.Kind, dash(p.KioskID), seqOrDash(p.Seq), dash(p.ResponseID), p.Detail)
	}
	return problemsFound{fmt.Sprintf("Tệp xuất không khớp với chuỗi băm: %d vấn đề (%s); tệp đã bị sửa sau khi xuất. "+
		"Hãy xuất lại từ máy chủ. / The export does not match its hash chain: %d problems (%s); the file was changed after export. "+
		"Export it again from the server.", len(rep.Problems), kindCounts(n), len(rep.Problems), kindCounts(n))}
}

// kindCounts is "1 mismatch, 2 deleted" in a stable order.
func kindCounts(n map[string]int) string {
	var parts []string
	for _, k := range append(append([]string{}, scoring.ProblemKinds...), scoring.ExportMalformed, scoring.ExportDuplicate) {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
			delete(n, k)
		}
	}
	for k, c := range n {
		parts = append(parts, fmt.Sprintf("%d %s", c, k))
	}
	return strings.Join(parts, ", ")
}

func seqOrDash(n int64) string {
	if n == 0 {
		return "-"
	}
	return strconv.FormatInt(n, 10)
}
