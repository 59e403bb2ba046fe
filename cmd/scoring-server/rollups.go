package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"hailong/kiosk/scoring/sqlitestore"
)

// runRebuildRollups recounts the rollups from the stored responses and
// prints every key that differed: "differs", the table, the key, the count
// stored and the count rebuilt. Some differing is exit status 3, as for
// verify: the rollups were wrong (a bug, or an edit of the file), and a
// script should tell.
func runRebuildRollups(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("rebuild-rollups", getenv, stderr)
	centre := fs.String("centre", "", "only this centre")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	var centres []string
	if *centre != "" {
		centres = []string{*centre}
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		res, err := st.RebuildRollups(ctx, centres)
		if err != nil {
			return err
		}
		for _, d := range res.Diffs {
			if err := writeTSV(stdout, "differs", d.Table, d.Key, "stored="+strconv.FormatInt(d.Stored, 10),
				"rebuilt="+strconv.FormatInt(d.Rebuilt, 10)); err != nil {
				return err
			}
		}
		if err := writeTSV(stdout, "rebuilt", strconv.FormatInt(res.Responses, 10)+" responses",
			strconv.Itoa(res.Keys)+" keys", strconv.Itoa(len(res.Diffs))+" differed"); err != nil {
			return err
		}
		if len(res.Diffs) == 0 {
			return nil
		}
		return problemsFound{fmt.Sprintf("Số liệu tổng hợp của báo cáo đã sai ở %d khoá và nay đã được tính lại từ các đánh giá đã lưu; "+
			"hãy chạy `scoring-server verify` để xem dữ liệu gốc có bị sửa không. / "+
			"The reports' rollups were wrong at %d keys and are now recounted from the stored ratings; "+
			"run `scoring-server verify` to see whether the stored ratings were changed.", len(res.Diffs), len(res.Diffs))}
	})
}
