// For scripts/test-windows.sh only: imported for its side effect from
// *_windows_test.go files, never by a program.
//
// Go 1.27's os.RemoveAll deletes with FileDispositionInformationEx (POSIX
// semantics), which Wine 8.0 does not implement: it answers
// STATUS_NOT_IMPLEMENTED ("Invalid function"), which Go does not take as
// "use the fallback", so every t.TempDir cleanup fails. Under Wine only,
// this switches on Go's own fallback (the one it uses on Windows before
// 10 1607 and on FAT32). Linking it needs -ldflags=-checklinkname=0.

package winetest

import (
	_ "unsafe" // go:linkname

	"golang.org/x/sys/windows"
)

//go:linkname deleteatFallback internal/syscall/windows.TestDeleteatFallback
var deleteatFallback bool

func init() {
	if UnderWine() {
		deleteatFallback = true
	}
}

// UnderWine reports whether this process runs under Wine (its ntdll.dll
// exports wine_get_version; Windows' does not).
func UnderWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}
