package sqlitestore

// TechHash is techHash for the package's external tests.
const TechHash = techHash
