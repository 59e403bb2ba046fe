package demodata

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// Store is what Seed writes through: the store's own roles, so that the
// demo data is kept exactly as real data is.
type Store interface {
	scoring.RosterStore
	scoring.FleetStore
	scoring.IngestStore
	scoring.InvitationStore
	scoring.UserStore
	scoring.AuditStore
	scoring.DemoStore
}

// The demo's dashboard users. The passwords are public (README): a demo
// database must never hold real data.
const (
	AdminEmail      = "admin@demo.hailong.vn"
	AdminPassword   = "hai-long-demo-admin"
	ManagerEmail    = "quanly@demo.hailong.vn"
	ManagerPassword = "hai-long-demo-quanly"
)

// ErrNotEmpty: Seed writes only into a database without kiosks, users,
// responses or administrative acts (a centre, an officer, a code).
var ErrNotEmpty = errors.New("the database already holds data")

// Summary says what Seed wrote.
type Summary struct {
	Centres, Counters, Officers, Kiosks int
	Responses                           int // made by the kiosks
	Stored                              int // reached the server and were stored
	Filtered                            int // of Stored, filtered as repeats
	Pending                             int // still on the silent kiosk
	Batches                             int
	Days                                int
	From, To                            time.Time // the first day's midnight and the end, local
	Events                              Events
	Users                               []scoring.User
	// Invitations are the invite-mode counter's invitations, over the days.
	Invitations scoring.InvitationTotals
}

// Seed writes the demo world into an empty store: the centres of World
// (technician PIN TechnicianPIN, manager PIN ManagerPIN, the default
// reasons) with their officers; a kiosk per counter, enrolled with a
// single-use code and a fresh token that nobody keeps, and the
// configuration it would be sent recorded as issued; o.Days days of ratings
// ingested batch by batch (each checked as the kiosk API checks it, and
// any refusal fails the seeding); each kiosk's last heartbeat, and the
// invite-mode kiosk's invitation counts of every day (what its heartbeats
// reported day after day, stored at once, at its last heartbeat); the demo
// administrator and the demo manager of ProvincialCentre; and the demo
// mark. seededAt is when this runs (for the users and the mark): the
// package reads no clock.
func Seed(ctx context.Context, st Store, o Options, seededAt time.Time) (Summary, error) {
	if err := o.check(); err != nil {
		return Summary{}, err
	}
	world := o.world()
	if err := checkEmpty(ctx, st); err != nil {
		return Summary{}, err
	}
	now := o.Now.In(Zone)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, Zone).AddDate(0, 0, -(o.Days - 1))
	setUpAt := from.Add(-16 * time.Hour) // the afternoon before the first day

	if err := saveRoster(ctx, st, world, setUpAt); err != nil {
		return Summary{}, err
	}
	setups, err := enrolKiosks(ctx, st, world, setUpAt)
	if err != nil {
		return Summary{}, err
	}
	kiosks, events, err := Generate(world, setups, o)
	if err != nil {
		return Summary{}, err
	}
	// The users' password hashes are made while the store writes.
	type hashed struct {
		users []scoring.User
		err   error
	}
	usersMade := make(chan hashed, 1)
	go func() {
		us, err := demoUsers(seededAt)
		usersMade <- hashed{us, err}
	}()
	ingestErr := ingestAll(ctx, st, setups, kiosks)
	users := <-usersMade
	if err := errors.Join(ingestErr, users.err); err != nil {
		return Summary{}, err
	}
	sum := Summary{Centres: len(world), Kiosks: len(kiosks), Days: o.Days, From: from, To: now, Events: events}
	for _, c := range world {
		sum.Counters += c.Counters
		sum.Officers += len(c.Officers)
	}
	for _, k := range kiosks {
		if err := st.RecordHeartbeat(ctx, k.Heartbeat); err != nil {
			return Summary{}, fmt.Errorf("demo data: heartbeat of kiosk %s: %w", k.Kiosk.ID, err)
		}
		if len(k.Invitations) > 0 {
			if err := st.RecordInvitationCounts(ctx, k.Kiosk.ID, k.Invitations, k.Heartbeat.ReceivedAt); err != nil {
				return Summary{}, fmt.Errorf("demo data: %w", err)
			}
		}
		for _, c := range k.Invitations {
			sum.Invitations.Add(c)
		}
		sum.Responses += len(k.Responses)
		sum.Batches += len(k.Batches)
		for _, b := range k.Batches {
			sum.Stored += len(b.Responses)
			for _, r := range b.Responses {
				if r.FilterReason != "" {
					sum.Filtered++
				}
			}
		}
	}
	sum.Pending = sum.Responses - sum.Stored
	for _, u := range users.users {
		if err := st.CreateUser(ctx, u); err != nil {
			return Summary{}, fmt.Errorf("demo data: user %s: %w", u.Email, err)
		}
	}
	sum.Users = users.users
	if err := st.MarkDemo(ctx, scoring.DemoInfo{Seed: o.Seed, Days: o.Days, Until: o.Now.UTC(), SeededAt: seededAt.UTC()}); err != nil {
		return Summary{}, fmt.Errorf("demo data: %w", err)
	}
	return sum, nil
}

// errStop ends a walk early.
var errStop = errors.New("stop")

// checkEmpty refuses a store that holds anything Seed would write.
func checkEmpty(ctx context.Context, st Store) error {
	ks, err := st.Kiosks(ctx)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	us, err := st.Users(ctx)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	// Every centre, officer, code, enrolment and user added leaves an
	// entry in the audit trail.
	acts, err := st.AuditTrail(ctx, scoring.AuditFilter{})
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if len(ks) > 0 || len(us) > 0 || len(acts) > 0 {
		return fmt.Errorf("demo data: %w (%d kiosks, %d users, %d administrative acts)", ErrNotEmpty, len(ks), len(us), len(acts))
	}
	err = st.ExportResponses(ctx, scoring.ExportFilter{To: time.Date(survey.MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC)},
		func(scoring.StoredResponse) error { return errStop })
	if errors.Is(err, errStop) {
		return fmt.Errorf("demo data: %w (responses)", ErrNotEmpty)
	}
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	return nil
}

// saveRoster saves the centres and their officers. The PIN hashes cost
// a fifth of a second each (argon2id, 64 MiB, as for real PINs): they are
// made on every core at once, and the centres' PINs, the same for every
// demo centre, are hashed once.
func saveRoster(ctx context.Context, st Store, world []Centre, at time.Time) error {
	type job struct {
		officer *scoring.Officer
		c       Centre
		o       Officer
	}
	var first scoring.Centre
	officers := make([][]scoring.Officer, len(world))
	jobs := []job{{}} // job 0 hashes the centres' PINs
	for i, c := range world {
		officers[i] = make([]scoring.Officer, len(c.Officers))
		for j, o := range c.Officers {
			jobs = append(jobs, job{officer: &officers[i][j], c: c, o: o})
		}
	}
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(i int) {
		if i == 0 {
			first, errs[i] = scoring.NewCentre(world[0].ID, world[0].Name, survey.ScaleLegal3, TechnicianPIN, ManagerPIN, at)
			return
		}
		j := jobs[i]
		*j.officer, errs[i] = scoring.NewOfficer(j.c.ID, j.o.ID, j.o.Name, j.o.Title, j.o.PIN, nil, "", at)
	})
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	for i, c := range world {
		centre := first
		centre.ID, centre.Name = c.ID, c.Name
		if _, err := st.SaveCentre(ctx, centre); err != nil {
			return fmt.Errorf("demo data: centre %s: %w", c.ID, err)
		}
		for _, o := range officers[i] {
			if _, err := st.SaveOfficer(ctx, o); err != nil {
				return fmt.Errorf("demo data: officer %s/%s: %w", o.CentreID, o.ID, err)
			}
		}
	}
	return nil
}

// parallel runs f(0) … f(n-1) on every core.
func parallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// enrolKiosks enrols a kiosk at every counter as a kiosk enrols itself (a
// single-use code, a new token), and records the configuration it would
// be sent as issued, so that the server's trust check knows its version.
func enrolKiosks(ctx context.Context, st Store, world []Centre, at time.Time) ([]Setup, error) {
	var setups []Setup
	for _, c := range world {
		for i := range c.Counters {
			counter := fmt.Sprint(i + 1)
			id := KioskID(c.ID, counter)
			code, err := scoring.IssueEnrolCode(ctx, st, c.ID, counter, at, time.Hour)
			if err != nil {
				return nil, fmt.Errorf("demo data: kiosk %s: %w", id, err)
			}
			// The token is thrown away: nobody can upload as a demo kiosk.
			token, err := scoring.NewToken()
			if err != nil {
				return nil, fmt.Errorf("demo data: kiosk %s: %w", id, err)
			}
			k, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: scoring.HashSecret(scoring.NormaliseEnrolCode(code)),
				KioskID: id, Hostname: id, AppVersion: AppVersion, TokenHash: scoring.HashSecret(token), Remote: "demo-data", At: at})
			if err != nil {
				return nil, fmt.Errorf("demo data: enrol kiosk %s: %w", id, err)
			}
			cfg, err := scoring.BuildKioskConfig(ctx, st, k)
			if err != nil {
				return nil, fmt.Errorf("demo data: %w", err)
			}
			ic, err := scoring.IssuedFrom(k, cfg, at)
			if err != nil {
				return nil, fmt.Errorf("demo data: %w", err)
			}
			if err := st.RecordIssued(ctx, ic); err != nil {
				return nil, fmt.Errorf("demo data: %w", err)
			}
			setups = append(setups, Setup{Kiosk: k, Config: ic})
		}
	}
	return setups, nil
}

// ingestAll stores every kiosk's batches, in order for each kiosk and
// kiosks side by side (the store commits concurrent batches together).
// Each response is checked as the kiosk API checks it (its kiosk, its
// fields, the configuration it names): a refusal is a bug here and fails
// the seeding, as does a duplicate or a conflict.
func ingestAll(ctx context.Context, st Store, setups []Setup, kiosks []KioskData) error {
	rules := map[string]*scoring.TrustRules{}
	for _, s := range setups {
		rules[s.Kiosk.ID] = scoring.CompileTrust(s.Config)
	}
	errs := make([]error, len(kiosks))
	var wg sync.WaitGroup
	for i, k := range kiosks {
		wg.Go(func() { errs[i] = ingestKiosk(ctx, st, rules[k.Kiosk.ID], k) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func ingestKiosk(ctx context.Context, st Store, rules *scoring.TrustRules, k KioskData) error {
	for _, b := range k.Batches {
		why := make([]string, len(b.Responses))
		res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: k.Kiosk.ID, BatchID: b.ID, Responses: b.Responses,
			ReceivedAt: b.ReceivedAt, Check: func(i int) bool {
				why[i] = refusal(k.Kiosk.ID, rules, &b.Responses[i])
				return why[i] == ""
			}})
		if err != nil {
			return fmt.Errorf("demo data: kiosk %s batch %s: %w", k.Kiosk.ID, b.ID, err)
		}
		if len(res.Events) > 0 {
			return fmt.Errorf("demo data: kiosk %s batch %s: chain event %s at seq %d", k.Kiosk.ID, b.ID, res.Events[0].Kind, res.Events[0].Seq)
		}
		for i, item := range res.Items {
			if item != scoring.ItemAccepted {
				return fmt.Errorf("demo data: kiosk %s seq %d: %s %s", k.Kiosk.ID, b.Responses[i].Seq, item, why[i])
			}
		}
	}
	return nil
}

// refusal says why the kiosk API would refuse r from kiosk id, "" when it
// would take it: the same checks (kioskapi's checkItem and trust check).
func refusal(id string, rules *scoring.TrustRules, r *survey.Response) string {
	if r.KioskID != id {
		return "kiosk_id is not the kiosk's"
	}
	if err := r.Validate(); err != nil {
		return err.Error()
	}
	if reason, detail := rules.Check(r); reason != "" {
		return reason + ": " + detail
	}
	return ""
}

// demoUsers makes the demo administrator and the demo manager of
// ProvincialCentre (scoring.NewUser: checked, password hashed).
func demoUsers(at time.Time) ([]scoring.User, error) {
	specs := []struct{ email, name, role, centre, password string }{
		{AdminEmail, "Quản trị viên (minh hoạ)", string(scoring.RoleAdmin), "", AdminPassword},
		{ManagerEmail, "Nguyễn Văn Quản (quản lý, minh hoạ)", string(scoring.RoleManager), ProvincialCentre, ManagerPassword},
	}
	users := make([]scoring.User, len(specs))
	errs := make([]error, len(specs))
	parallel(len(specs), func(i int) {
		s := specs[i]
		users[i], errs[i] = scoring.NewUser(s.email, s.name, s.role, s.centre, s.password, at)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("demo data: %w", err)
	}
	return users, nil
}
