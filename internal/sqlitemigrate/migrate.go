// Package sqlitemigrate holds what the kiosk's store (localdb) and the
// scoring server's store (scoring/sqlitestore) share about their schema
// history: loading the numbered migration files a store embeds, and the
// consistent copy each takes before it migrates a database that holds
// data. Each store runs its own migrations, into its own schema_migrations
// table, whose columns differ between the two.
package sqlitemigrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"hailong/kiosk/internal/sqlitedurable"
)

// ErrSchemaTooNew means the database was written by a newer program; the
// older one refuses to touch it rather than guess.
var ErrSchemaTooNew = errors.New("database schema is newer than this program")

// Migration is one version of a schema: the file
// migrations/NNNN_description.sql. A released migration is never edited; a
// change is a new file.
type Migration struct {
	Version int
	Name    string // the file name without .sql
	SQL     string
}

// Load reads migrations/*.sql from fsys, sorted by version, and checks that
// the versions run 1, 2, 3… with no gap or duplicate.
func Load(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []Migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(base, ".sql"), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// Backup writes a consistent copy of the database at dbPath (VACUUM INTO
// reads a snapshot that includes the WAL) next to it, as
// <dbPath>.bak-v<from>-<UTC time>, never over an earlier copy, and syncs
// the copy and its directory, so that it survives a power cut during the
// migration that follows. It returns the copy's path.
func Backup(ctx context.Context, db *sql.DB, dbPath string, from int, now time.Time) (string, error) {
	base := fmt.Sprintf("%s.bak-v%d-%s", dbPath, from, now.UTC().Format("20060102T150405Z"))
	dst := base
	for i := 2; ; i++ {
		if _, err := os.Stat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		} else if err != nil {
			return "", fmt.Errorf("backup before migrating: %w", err)
		}
		dst = fmt.Sprintf("%s-%d", base, i)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return "", fmt.Errorf("backup before migrating to %s: %w", dst, err)
	}
	for _, name := range []string{dst, filepath.Dir(dst)} {
		if err := sqlitedurable.SyncPath(name); err != nil {
			return "", fmt.Errorf("backup before migrating: %w", err)
		}
	}
	return dst, nil
}
