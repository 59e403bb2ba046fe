package kioskapp

import "fmt"

// count writes n with the English noun in the number it takes: "1
// response", "0 responses", "2 responses".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
