package config

// document is the shape of a kiosk TOML file. It mirrors the file, not
// survey.Config: optional numbers are pointers so that an absent key (take
// the default) differs from an explicit zero, and keys keep their file names
// so the decoder can refuse unknown ones. kiosk.sample.toml documents every
// key; a test keeps the two in step.
type document struct {
	ConfigVersion     string          `toml:"config_version"`
	Centre            place           `toml:"centre"`
	Counter           place           `toml:"counter"`
	Officers          []officer       `toml:"officers"`
	Scale             scale           `toml:"scale"`
	ReasonsFor        *[]string       `toml:"reasons_for"`
	Reasons           *[]reason       `toml:"reasons"`
	Trigger           string          `toml:"trigger"`
	InviteHotkey      string          `toml:"invite_hotkey"`
	DossierCode       string          `toml:"dossier_code"`
	Timings           timings         `toml:"timings"`
	LocalAPI          localAPISection `toml:"local_api"`
	ManagerPINHash    string          `toml:"manager_pin_hash"`
	TechnicianPINHash string          `toml:"technician_pin_hash"`
	RetentionDays     *int            `toml:"retention_days"`
}

// place is the [centre] or [counter] table.
type place struct {
	ID   string `toml:"id"`
	Name string `toml:"name"`
}

// officer is one [[officers]] item.
type officer struct {
	ID      string `toml:"id"`
	Name    string `toml:"name"`
	Title   string `toml:"title"`
	Photo   string `toml:"photo"`
	PINHash string `toml:"pin_hash"`
}

// scale is the [scale] table; Mapping keys are raw values written as
// strings, because TOML keys are strings.
type scale struct {
	Name    string            `toml:"name"`
	Mapping map[string]string `toml:"mapping"`
}

// reason is one [[reasons]] item.
type reason struct {
	Code string `toml:"code"`
	VI   string `toml:"vi"`
	EN   string `toml:"en"`
}

// timings is the [timings] table, in whole seconds (pin_lock_after is a
// count of wrong PINs).
type timings struct {
	RatingTimeout  *int `toml:"rating_timeout_s"`
	ReasonsTimeout *int `toml:"reasons_timeout_s"`
	Thanks         *int `toml:"thanks_s"`
	InvitationTTL  *int `toml:"invitation_ttl_s"`
	RepeatWindow   *int `toml:"repeat_window_s"`
	LongPress      *int `toml:"long_press_s"`
	PINLockAfter   *int `toml:"pin_lock_after"`
	PINLockFor     *int `toml:"pin_lock_for_s"`
}

// localAPISection is the [local_api] table.
type localAPISection struct {
	Port   *int   `toml:"port"`
	Secret string `toml:"secret"`
}
