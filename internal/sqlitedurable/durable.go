// Package sqlitedurable holds what the kiosk's store (localdb) and the
// scoring server's store (scoring/sqlitestore) share about SQLite
// durability: a connector for a fixed DSN and the read-back that refuses
// any connection not in WAL mode with synchronous=FULL, so that neither
// side can acknowledge a write without an fsync; and SyncPath, the fsync
// of a file or a directory that the backups before a migration and the
// server's backup and restore end with.
package sqlitedurable

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// Connector opens connections of drv on dsn, for sql.OpenDB.
func Connector(drv *sqlite3.SQLiteDriver, dsn string) driver.Connector {
	return connector{drv: drv, dsn: dsn}
}

type connector struct {
	drv *sqlite3.SQLiteDriver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }

// Check reads back journal_mode and synchronous on c and fails unless they
// are wal and FULL (2) or more. Use it in a ConnectHook.
func Check(c *sqlite3.SQLiteConn) error {
	mode, err := Pragma(c, "journal_mode")
	if err != nil {
		return err
	}
	level, err := Pragma(c, "synchronous")
	if err != nil {
		return err
	}
	if s, _ := mode.(string); s != "wal" {
		return fmt.Errorf("journal_mode is %v, want wal", mode)
	}
	if n, _ := level.(int64); n < 2 {
		return fmt.Errorf("synchronous is %v, want 2 (FULL) or more", level)
	}
	return nil
}

// Pragma returns the value of PRAGMA name on c.
func Pragma(c *sqlite3.SQLiteConn, name string) (driver.Value, error) {
	rows, err := c.Query("PRAGMA "+name, nil)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return dest[0], nil
}
