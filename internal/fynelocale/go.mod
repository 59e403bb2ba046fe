// A module of its own only for its import path: see fynelocale.go.
module a.hailong.invalid/fynelocale

go 1.27.3
