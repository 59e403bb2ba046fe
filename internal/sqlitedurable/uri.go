package sqlitedurable

import (
	"net/url"
	"path/filepath"
)

// URI is SQLite's URI filename for the file at path, escaped (the path may
// hold any character: "#", "?", "%", spaces, Vietnamese), with query as its
// parameters. A Windows path with a drive letter becomes
// file:///C:/dir/file.db, as SQLite's URI rules want: written plainly
// (file:C:%5Cdir…) SQLite refuses it ("invalid uri authority").
func URI(path, query string) string {
	p := filepath.ToSlash(path)
	if filepath.VolumeName(path) != "" {
		p = "/" + p
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: query}
	return u.String()
}
