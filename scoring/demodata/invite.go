package demodata

import (
	"fmt"
	"math"
	"time"

	"hailong/kiosk/scoring"
)

// The invite-mode counter (InviteCentre's InviteCounter): the officer
// issues an invitation for each citizen, the citizen rates it, and the
// kiosk reports per local day and officer how many invitations were
// issued, used by a rating and expired unanswered (protocol.InvitationCount
// on its heartbeat). Some citizens walk away without rating, so an officer
// issues more invitations than the kiosk saves ratings: a response rate
// between 78 % and 88 % that differs by officer and by day.

// Bounds of the demo's response rate: each officer has a usual rate in
// [rateLow, rateLow+officerSpread), and each day adds up to daySpread.
const (
	rateLow       = 0.78
	officerSpread = 0.06
	daySpread     = 0.04
)

// inviteMode reports whether k is the demo's invite-mode kiosk.
func inviteMode(k scoring.Kiosk) bool {
	return k.CentreID == InviteCentre && k.CounterID == InviteCounter
}

// invite gives each of rs (the kiosk's ratings, in time order) the
// invitation it answered and the ticket of the citizen it was issued for,
// and returns the kiosk's invitation counts, one per local day and
// officer, in day order. Its random draws are a stream of their own, so
// that the ratings themselves are those the kiosk makes without
// invitations.
func (g *generator) invite(k scoring.Kiosk, rs []rating) []scoring.InvitationCount {
	rng := g.rng("invitations " + k.ID)
	usual := map[string]float64{} // each officer's usual response rate
	var out []scoring.InvitationCount
	for start := 0; start < len(rs); {
		day := scoring.DateOf(rs[start].at, Zone)
		end := start
		for end < len(rs) && scoring.DateOf(rs[end].at, Zone) == day {
			end++
		}
		// unanswered[j] is how many invitations nobody rated were issued
		// just before rs[j] (the queue system called a ticket, and the
		// citizen had gone); those after the day's last rating are not
		// numbered.
		unanswered := make([]int, end-start)
		for _, officer := range officersOf(rs[start:end]) {
			rate, ok := usual[officer]
			if !ok {
				rate = rateLow + officerSpread*rng.Float64()
				usual[officer] = rate
			}
			rate += daySpread * rng.Float64()
			var mine []int // indices into unanswered of the officer's ratings
			for j, r := range rs[start:end] {
				if r.officer == officer {
					mine = append(mine, j)
				}
			}
			used := len(mine)
			lost := int(math.Round(float64(used) * (1 - rate) / rate))
			for range lost {
				if i := rng.IntN(used + 1); i < used {
					unanswered[mine[i]]++
				}
			}
			out = append(out, scoring.InvitationCount{KioskID: k.ID, OfficerID: officer, Day: day,
				Issued: used + lost, Used: used, Expired: lost})
		}
		ticket := 0
		for j := start; j < end; j++ {
			ticket += unanswered[j-start] + 1
			rs[j].ticket = fmt.Sprintf("%s%03d", k.CounterID, ticket) // "5012": counter 5's twelfth
			// Issued a few seconds before the citizen tapped: the previous
			// citizen pressed at least 15 s before, so it was closed.
			issued := rs[j].at.Add(-time.Duration(2000+rng.IntN(10000)) * time.Millisecond)
			rs[j].invitation = uuidText(uuidV7(rng, issued))
		}
		start = end
	}
	return out
}

// officersOf lists the officers of rs in the order they first appear.
func officersOf(rs []rating) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		if !seen[r.officer] {
			seen[r.officer] = true
			out = append(out, r.officer)
		}
	}
	return out
}
