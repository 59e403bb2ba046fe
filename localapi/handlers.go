package localapi

import (
	"net/http"

	"hailong/kiosk/survey"
)

// maxCode bounds ticket and dossier code, as a response does.
const maxCode = survey.MaxTextBytes

type triggerRequest struct {
	Ticket      string `json:"ticket"`
	DossierCode string `json:"dossier_code"`
}

type triggerResponse struct {
	InvitationID string `json:"invitation_id"`
}

// handleTrigger invites a rating. The body is optional: a queue system may
// only press the button, or also say which ticket and dossier it is for.
func handleTrigger(ctl Controller) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		var req triggerRequest
		if _, err := decode(w, r, &req); err != nil {
			return err
		}
		if err := checkCode("ticket", req.Ticket); err != nil {
			return err
		}
		if err := checkCode("dossier_code", req.DossierCode); err != nil {
			return err
		}
		id, err := ctl.Invite(req.Ticket, req.DossierCode)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusAccepted, triggerResponse{InvitationID: id})
		return nil
	})
}

type signInRequest struct {
	OfficerID string `json:"officer_id"`
}

func handleSignIn(ctl Controller) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		var req signInRequest
		if _, err := decode(w, r, &req); err != nil {
			return err
		}
		if req.OfficerID == "" {
			return errorf(http.StatusBadRequest, "bad_request", `officer_id is required: {"officer_id":"…"}`)
		}
		if !survey.ValidID(req.OfficerID) {
			return errorf(http.StatusBadRequest, "bad_request", "officer_id may hold only 1 to %d letters, digits, '.', '_' or '-', as the roster's ids do", survey.MaxIDBytes)
		}
		if err := ctl.SignIn(req.OfficerID); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func handleSignOut(ctl Controller) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if err := ctl.SignOut(); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func handleStatus(ctl Controller) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, http.StatusOK, ctl.Status())
		return nil
	})
}

func methodNotAllowed(allow string) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Allow", allow)
		return errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed here (allowed: %s)", r.Method, allow)
	})
}

func notFound() http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return errorf(http.StatusNotFound, "not_found", "no route %q; the API has POST /trigger, POST and DELETE /officer, POST /officer/pin, GET /status", r.URL.Path)
	})
}

// checkCode accepts what queue systems print on tickets and dossiers:
// printable ASCII, at most maxCode bytes. It keeps control characters and
// look-alike letters out of stored responses, and is stricter than the
// response's own rule (survey.ValidFreeText), so that a kiosk never stores
// a ticket or dossier code a server would refuse.
func checkCode(field, s string) error {
	if len(s) > maxCode {
		return errorf(http.StatusBadRequest, "bad_request", "%s is %d bytes long; at most %d", field, len(s), maxCode)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return errorf(http.StatusBadRequest, "bad_request", "%s may hold only printable ASCII characters (byte %d is 0x%02x)", field, i, s[i])
		}
	}
	return nil
}
