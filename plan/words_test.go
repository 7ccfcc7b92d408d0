package plan

import (
	"slices"
	"testing"
)

func TestFundingOrderLines(t *testing.T) {
	step := func(option string, from float64) FundingStep {
		return FundingStep{Option: option, Amount: 1000, From: from, To: from + 1000}
	}
	steps := func(options ...string) []FundingStep {
		var out []FundingStep
		for i, o := range options {
			out = append(out, step(o, float64(1000*i)))
		}
		return out
	}
	tests := []struct {
		name  string
		order FundingOrder
		want  []string
	}{
		{"one option", FundingOrder{Steps: steps("ads"), CapacityLimit: -1},
			[]string{"the first $1,000 → ads (total $1,000)"}},
		{"two options once each are not turns", FundingOrder{Steps: steps("ads", "reps"), CapacityLimit: -1},
			[]string{"the first $1,000 → ads (total $1,000)", "the next $1,000 → reps (total $2,000)"}},
		{"turns make one line", FundingOrder{Steps: steps("ads", "sdr", "reps", "sdr", "reps", "sdr"), CapacityLimit: -1},
			[]string{"the first $1,000 → ads (total $1,000)", "the next $5,000 → sdr $3,000 and reps $2,000, in turns (total $6,000)"}},
		{"the capacity limit ends a line", FundingOrder{Steps: steps("sdr", "reps", "sdr", "reps", "sdr", "reps"), CapacityLimit: 1},
			[]string{"the first $1,000 → sdr (total $1,000)",
				"the next $1,000 → reps (total $2,000): from here sales capacity, not leads, is the limit",
				"the next $4,000 → sdr $2,000 and reps $2,000, in turns (total $6,000)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.order.Lines()
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}
