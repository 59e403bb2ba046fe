package main

// backup and restore (docs/BACKUP.md): an online copy of the database while
// the server runs, and putting a copy back while it is stopped.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"hailong/kiosk/scoring/sqlitestore"
)

// serviceName is the systemd unit the package installs, for the messages.
const serviceName = "hailong-scoring-server"

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags, db := newFlags("backup", getenv, stderr)
	out := flags.String("out", "", "the copy to write (a new file; never overwritten)")
	if err := parseFlags(flags, args, 0); err != nil {
		return err
	}
	if err := required("backup", map[string]string{"out": *out}); err != nil {
		return err
	}
	start := time.Now()
	info, err := sqlitestore.Backup(ctx, *db, *out)
	switch {
	case errors.Is(err, fs.ErrExist):
		return usageError{fmt.Sprintf("backup: %s đã có; sao lưu không bao giờ ghi đè, hãy chọn tên tệp khác / %s exists; backup never overwrites a file, choose another name", *out, *out)}
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("backup: không có cơ sở dữ liệu %s; hãy kiểm tra --db hoặc khóa db của --config / there is no database %s; check --db or the db key of --config: %w", *db, *db, err)
	case err != nil:
		return fmt.Errorf("backup: sao lưu không thành công, không có tệp nào được ghi / the backup failed and wrote no file: %w", err)
	}
	fmt.Fprintf(stdout, "Đã sao lưu vào %s: %s, %d phiếu đánh giá, lược đồ phiên bản %d, kiểm tra toàn vẹn: ổn (%s)\n",
		info.Path, sizeText(info.Size), info.Responses, info.SchemaVersion, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "Backed up to %s: %s, %d responses, schema version %d, integrity check: ok\n",
		info.Path, sizeText(info.Size), info.Responses, info.SchemaVersion)
	return nil
}

func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags, db := newFlags("restore", getenv, stderr)
	from := flags.String("from", "", "a copy written by backup")
	if err := parseFlags(flags, args, 0); err != nil {
		return err
	}
	if err := required("restore", map[string]string{"from": *from}); err != nil {
		return err
	}
	info, aside, err := sqlitestore.Restore(ctx, *from, *db, time.Now())
	switch {
	case errors.Is(err, sqlitestore.ErrInUse):
		return fmt.Errorf("restore: máy chủ đang chạy trên %s (hoặc một chương trình khác đang mở nó); không thay đổi gì. Hãy dừng máy chủ trước (systemctl stop %s) rồi chạy lại / the server is running on %s (or another program has it open); nothing was changed. Stop the server first (systemctl stop %s) and run restore again",
			*db, serviceName, *db, serviceName)
	case errors.Is(err, sqlitestore.ErrNotScoringDB):
		return fmt.Errorf("restore: %s không phải bản sao lưu dùng được (hỏng, không phải cơ sở dữ liệu của máy chủ, hoặc của phiên bản mới hơn); không thay đổi gì / %s is not a usable backup (damaged, not a scoring server database, or from a newer version); nothing was changed: %w",
			*from, *from, err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("restore: không có tệp %s; hãy kiểm tra --from / there is no file %s; check --from: %w", *from, *from, err)
	case err != nil:
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "Đã khôi phục %s từ %s: %d phiếu đánh giá, lược đồ phiên bản %d.\n", info.Path, *from, info.Responses, info.SchemaVersion)
	if aside != "" {
		fmt.Fprintf(stdout, "Cơ sở dữ liệu cũ được giữ ở %s.\n", aside)
	}
	fmt.Fprintf(stdout, "Hãy khởi động lại máy chủ: systemctl start %s\n", serviceName)
	fmt.Fprintf(stdout, "Restored %s from %s: %d responses, schema version %d.\n", info.Path, *from, info.Responses, info.SchemaVersion)
	if aside != "" {
		fmt.Fprintf(stdout, "The old database is kept at %s.\n", aside)
	}
	fmt.Fprintf(stdout, "Start the server again: systemctl start %s\n", serviceName)
	return nil
}

// sizeText is a file size for people: 12.3 MB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
