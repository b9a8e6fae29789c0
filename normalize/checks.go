package normalize

import (
	"maps"
	"slices"

	"github.com/budgetx/budgetx/model"
)

// checks counts, by finding code, the identities tested on one table and
// how many of them failed. A check that held is as much a fact as one that
// failed: with both, a reader gets a failure rate, not just a list.
type checks map[model.Code]*model.Check

// record counts one test of the identity whose failures are findings with
// this code, and returns failed.
func (c checks) record(code model.Code, failed bool) bool {
	k := c[code]
	if k == nil {
		k = &model.Check{Code: code}
		c[code] = k
	}
	k.Run++
	if failed {
		k.Failed++
	}
	return failed
}

// list returns the counts in code order, or nil when nothing was checked.
func (c checks) list() []model.Check {
	if len(c) == 0 {
		return nil
	}
	out := make([]model.Check, 0, len(c))
	for _, code := range slices.Sorted(maps.Keys(c)) {
		out = append(out, *c[code])
	}
	return out
}

// addChecks merges counts into a table's list.
func addChecks(list []model.Check, more checks) []model.Check {
	if len(more) == 0 {
		return list
	}
	c := checks{}
	for _, k := range list {
		c[k.Code] = &model.Check{Code: k.Code, Run: k.Run, Failed: k.Failed}
	}
	for code, k := range more {
		if c[code] == nil {
			c[code] = &model.Check{Code: code}
		}
		c[code].Run += k.Run
		c[code].Failed += k.Failed
	}
	return c.list()
}
