// Package winetest lets the Windows test binaries run under Wine 8.0; it is
// empty on other systems (see winetest_windows.go).
package winetest
