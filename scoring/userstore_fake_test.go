package scoring

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// memUserStore is an in-memory UserStore for the sign-in tests: the
// behaviour the SQLite store has (sqlitestore's tests check that one),
// without a database.
type memUserStore struct {
	mu       sync.Mutex
	centres  map[string]bool
	users    map[string]User
	failures map[string][]time.Time
	locks    map[string]time.Time
	sessions map[string]Session
	audit    []AuditEntry
	touches  int
}

var _ UserStore = (*memUserStore)(nil)

func newMemUserStore(centres ...string) *memUserStore {
	m := &memUserStore{centres: map[string]bool{}, users: map[string]User{}, failures: map[string][]time.Time{},
		locks: map[string]time.Time{}, sessions: map[string]Session{}}
	for _, c := range centres {
		m.centres[c] = true
	}
	return m
}

func (m *memUserStore) record(ctx context.Context, at time.Time, action, subject string, detail map[string]any) {
	m.audit = append(m.audit, AuditEntry{At: at, Actor: ActorFrom(ctx), Action: action, Subject: subject, Detail: AuditDetail(detail)})
}

func (m *memUserStore) actions() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, e := range m.audit {
		out = append(out, e.Action)
	}
	return out
}

func (m *memUserStore) CreateUser(ctx context.Context, u User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[u.Email]; ok {
		return fmt.Errorf("user %s: %w", u.Email, ErrUserExists)
	}
	if u.CentreID != "" && !m.centres[u.CentreID] {
		return fmt.Errorf("centre %s: %w", u.CentreID, ErrNotFound)
	}
	m.users[u.Email] = u
	m.record(ctx, u.CreatedAt, ActUserAdd, SubjectUser(u.Email), nil)
	return nil
}

func (m *memUserStore) UpdateUser(ctx context.Context, u User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.users[u.Email]
	if !ok {
		return ErrNotFound
	}
	old.Name, old.Role, old.CentreID, old.UpdatedAt = u.Name, u.Role, u.CentreID, u.UpdatedAt
	m.users[u.Email] = old
	m.record(ctx, u.UpdatedAt, ActUserUpdate, SubjectUser(u.Email), nil)
	return nil
}

func (m *memUserStore) UserByEmail(_ context.Context, email string) (User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[email]
	if !ok {
		return User{}, ErrNotFound
	}
	u.LockedUntil = m.locks[email]
	return u, nil
}

func (m *memUserStore) Users(_ context.Context) ([]User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []User
	for _, u := range m.users {
		u.LockedUntil = m.locks[u.Email]
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out, nil
}

func (m *memUserStore) SetDisabled(ctx context.Context, email string, disabled bool, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[email]
	if !ok {
		return ErrNotFound
	}
	u.Disabled, u.UpdatedAt = disabled, at
	m.users[email] = u
	action := ActUserEnable
	if disabled {
		action = ActUserDisable
		m.deleteSessionsLocked(email)
	}
	m.record(ctx, at, action, SubjectUser(email), nil)
	return nil
}

func (m *memUserStore) SetPasswordHash(ctx context.Context, email, hash string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[email]
	if !ok {
		return ErrNotFound
	}
	u.PasswordHash, u.UpdatedAt = hash, at
	m.users[email] = u
	m.deleteSessionsLocked(email)
	m.record(ctx, at, ActUserSetPassword, SubjectUser(email), nil)
	return nil
}

func (m *memUserStore) lockLocked(email string, at time.Time, rule LockRule) SignInLock {
	var n int
	for _, f := range m.failures[email] {
		if f.After(at.Add(-rule.Window)) {
			n++
		}
	}
	l := SignInLock{Failures: n}
	if until := m.locks[email]; at.Before(until) {
		l.LockedUntil = until
	}
	return l
}

func (m *memUserStore) RecordSignInFailure(ctx context.Context, f SignInFailure, rule LockRule) (SignInLock, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if l := m.lockLocked(f.Email, f.At, rule); l.Locked(f.At) {
		return l, nil
	}
	m.failures[f.Email] = append(m.failures[f.Email], f.At)
	l := m.lockLocked(f.Email, f.At, rule)
	detail := map[string]any{"reason": f.Reason, "failures": l.Failures}
	if l.Failures >= rule.MaxFailures {
		l = SignInLock{LockedUntil: f.At.Add(rule.Lock)}
		m.locks[f.Email] = l.LockedUntil
		delete(m.failures, f.Email)
		detail["locked_until"] = l.LockedUntil
	}
	m.record(ctx, f.At, ActSignInFailed, SubjectUser(f.Email), detail)
	return l, nil
}

func (m *memUserStore) SignInLock(_ context.Context, email string, at time.Time, rule LockRule) (SignInLock, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lockLocked(email, at, rule), nil
}

func (m *memUserStore) CreateSession(ctx context.Context, s Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[s.Email]
	if !ok {
		return ErrNotFound
	}
	m.sessions[s.TokenHash] = s
	u.LastSignInAt = s.CreatedAt
	m.users[s.Email] = u
	m.record(ctx, s.CreatedAt, ActSignIn, SubjectUser(s.Email), nil)
	return nil
}

func (m *memUserStore) SessionByTokenHash(_ context.Context, tokenHash string) (Session, User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[tokenHash]
	if !ok {
		return Session{}, User{}, ErrNotFound
	}
	return s, m.users[s.Email], nil
}

func (m *memUserStore) TouchSession(_ context.Context, tokenHash string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.touches++
	if s, ok := m.sessions[tokenHash]; ok && at.After(s.LastSeenAt) {
		s.LastSeenAt = at
		m.sessions[tokenHash] = s
	}
	return nil
}

func (m *memUserStore) DeleteSession(ctx context.Context, tokenHash string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[tokenHash]
	if !ok {
		return nil
	}
	delete(m.sessions, tokenHash)
	m.record(ctx, at, ActSignOut, SubjectUser(s.Email), nil)
	return nil
}

func (m *memUserStore) deleteSessionsLocked(email string) int {
	n := 0
	for h, s := range m.sessions {
		if s.Email == email {
			delete(m.sessions, h)
			n++
		}
	}
	return n
}

func (m *memUserStore) DeleteUserSessions(_ context.Context, email string, _ time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.deleteSessionsLocked(email), nil
}

func (m *memUserStore) RecordAudit(ctx context.Context, e AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e.Actor == "" {
		e.Actor = ActorFrom(ctx)
	}
	m.audit = append(m.audit, e)
	return nil
}
