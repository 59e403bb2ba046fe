package sqlitedurable

// Under Wine 8.0 (make test-windows), t.TempDir's cleanup needs Go's
// fallback delete: see internal/winetest.
import _ "hailong/kiosk/internal/winetest"
