package scoring

// Audit actions of dashboard users and sign-in (issue 10 item 3), beside
// the Act* constants of audit.go. The subject is SubjectUser(email).
const (
	ActUserAdd         = "user.add"
	ActUserUpdate      = "user.update"
	ActUserDisable     = "user.disable"
	ActUserEnable      = "user.enable"
	ActUserSetPassword = "user.set_password"
	// ActSignIn is a sign-in that made a session.
	ActSignIn = "sign_in"
	// ActSignInFailed is a wrong password, an unknown email or a disabled
	// account (detail.reason tells which); detail.locked_until is set on
	// the failure that locked the email.
	ActSignInFailed = "sign_in_failed"
	// ActSignInLocked is an attempt refused because the email was locked;
	// its password was not checked.
	ActSignInLocked = "sign_in_locked"
	ActSignOut      = "sign_out"
	// Reserved for the dashboard's exports and alerts.
	ActExport   = "export"
	ActAlertAck = "alert.ack"
)
