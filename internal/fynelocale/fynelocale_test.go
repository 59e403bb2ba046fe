package fynelocale

import "testing"

func TestNeeded(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"LANG": "C.UTF-8"}, true},
		{map[string]string{"LANG": "C.utf8"}, true},
		{map[string]string{"LANG": "POSIX.UTF-8"}, true},
		{map[string]string{"LANG": "C@euro"}, true},
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "vi_VN.UTF-8"}, true},
		{map[string]string{"LC_MESSAGES": "C.UTF-8"}, true},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "vi"}, false},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LANG": "POSIX"}, false},
		{map[string]string{"LANG": "vi_VN.UTF-8"}, false},
		{map[string]string{"LC_ALL": "vi_VN.UTF-8", "LANG": "C.UTF-8"}, false},
		{map[string]string{}, false},
	} {
		if got := Needed(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %v, want %v", c.env, got, c.want)
		}
	}
}
