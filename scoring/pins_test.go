package scoring_test

import (
	"sync"
	"testing"

	"hailong/kiosk/survey"
)

// PIN hashes are slow on purpose; the tests make them once.
var (
	hashOnce            sync.Once
	techHash, offHash   string
	techPIN, officerPIN = "909090", "1111"
)

// pinHashes returns the hashes of a technician PIN and an officer PIN.
func pinHashes(t testing.TB) (tech, officer string) {
	hashOnce.Do(func() {
		var err error
		if techHash, err = survey.HashPIN(techPIN); err != nil {
			panic(err)
		}
		if offHash, err = survey.HashPIN(officerPIN); err != nil {
			panic(err)
		}
	})
	return techHash, offHash
}
