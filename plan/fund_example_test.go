package plan

import "fmt"

func ExampleFundingOrder_Lines() {
	used := 0.95
	f := FundingOrder{
		Steps: []FundingStep{
			{Option: "outbound", Amount: 8000, To: 8000},
			{Option: "paid_search", Amount: 12000, From: 8000, To: 20000},
			{Option: "sales_team", Amount: 13000, From: 20000, To: 33000, CapacityUsed: &used, CapacityBound: true},
		},
		CapacityLimit: 2,
	}
	for _, line := range f.Lines() {
		fmt.Println(line)
	}
	fmt.Println(f.Limit(true))
	// Output:
	// the first $8,000 → outbound (total $8,000)
	// the next $12.0k → paid_search (total $20.0k)
	// the next $13.0k → sales_team (total $33.0k): from here sales capacity, not leads, is the limit
	// from $33.0k a month, sales capacity, not leads, is the limit
}
