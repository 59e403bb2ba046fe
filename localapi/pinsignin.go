package localapi

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"hailong/kiosk/survey"
)

// PINSignInner is what a Controller implements to let an officer sign in
// with her own PIN (POST /officer/pin), as `kiosk sign-in` does on the same
// computer. The PIN is the credential, as on the PIN pad, so this route
// needs no [local_api] secret (with one, the bearer secret is still
// required); the implementation checks the PIN against the kiosk's
// lock-out, so wrong PINs count as they do on the pad.
type PINSignInner interface {
	SignInWithPIN(officerID, pin string) error
}

// PINRefused is the error a PINSignInner returns for a wrong PIN or a
// locked pad; the API answers it 403 wrong_pin or 423 pin_locked, with
// tries_left or locked_until beside the message.
type PINRefused struct {
	Locked      bool
	LockedUntil time.Time
	TriesLeft   int
}

func (e *PINRefused) Error() string {
	if e.Locked {
		return "PIN pad locked until " + e.LockedUntil.Format(time.RFC3339)
	}
	return fmt.Sprintf("wrong PIN, %d left before the lock", e.TriesLeft)
}

// PINRefusedBody is the JSON of a refused PIN: the error, and how many
// tries are left or until when the pad is locked.
type PINRefusedBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	TriesLeft   int       `json:"tries_left,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

type pinSignInRequest struct {
	OfficerID string `json:"officer_id"`
	PIN       string `json:"pin"`
}

func handlePINSignIn(ctl PINSignInner) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		var req pinSignInRequest
		if _, err := decode(w, r, &req); err != nil {
			return err
		}
		if !survey.ValidID(req.OfficerID) {
			return errorf(http.StatusBadRequest, "bad_request", "officer_id may hold only 1 to %d letters, digits, '.', '_' or '-', as the roster's ids do", survey.MaxIDBytes)
		}
		if !digits(req.PIN, survey.MaxPINDigits) {
			return errorf(http.StatusBadRequest, "bad_request", "pin must be 1 to %d digits", survey.MaxPINDigits)
		}
		err := ctl.SignInWithPIN(req.OfficerID, req.PIN)
		var refused *PINRefused
		if errors.As(err, &refused) {
			var b PINRefusedBody
			status := http.StatusForbidden
			b.Error.Code, b.Error.Message = "wrong_pin", refused.Error()
			b.TriesLeft = refused.TriesLeft
			if refused.Locked {
				status = http.StatusLocked
				b.Error.Code, b.TriesLeft, b.LockedUntil = "pin_locked", 0, refused.LockedUntil
			}
			writeJSON(w, status, b)
			return nil
		}
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// digits reports whether s is 1 to max ASCII digits.
func digits(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
