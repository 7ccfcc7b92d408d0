package sim

import "github.com/harvest-planning/harvest/measure"

// The engine's outputs are named by measure's catalog: a run has a column
// per metric of measure.Names, per channel metric of measure.ChannelNames,
// and a monthly series per measure.SeriesNames. Each index below is where
// the engine writes one of them; adding a metric is its catalog entry, an
// index here and its computation in record.
var (
	metricNames        = measure.Names()
	channelMetricNames = measure.ChannelNames()
	seriesNames        = measure.SeriesNames()
)

// Metric indices into metricNames, for the inner loop.
var (
	mRevenue         = at(metricNames, "revenue")
	mNewRevenue      = at(metricNames, "new_revenue")
	mNewGrossProfit  = at(metricNames, "new_gross_profit")
	mNewCustomers    = at(metricNames, "new_customers")
	mSpend           = at(metricNames, "spend")
	mSpendMarketing  = at(metricNames, "spend_marketing")
	mSpendSales      = at(metricNames, "spend_sales")
	mCAC             = at(metricNames, "cac")
	mROI             = at(metricNames, "roi")
	mLTV             = at(metricNames, "ltv")
	mLifetimeROI     = at(metricNames, "lifetime_roi")
	mLTVCAC          = at(metricNames, "ltv_cac")
	mPayback         = at(metricNames, "payback_months")
	mEndingCustomers = at(metricNames, "ending_customers")
	mEndingMRR       = at(metricNames, "ending_mrr")
	mLostFollowUp    = at(metricNames, "lost_follow_up")
	mLostQueue       = at(metricNames, "lost_queue")
	mCapacityUsed    = at(metricNames, "capacity_used")
	mMarketingShare  = at(metricNames, "marketing_share_of_revenue")
	mSalesShare      = at(metricNames, "sales_share_of_revenue")
)

// Channel metric indices into channelMetricNames.
var (
	cmSpend      = at(channelMetricNames, "spend")
	cmEntries    = at(channelMetricNames, "entries")
	cmCustomers  = at(channelMetricNames, "customers")
	cmNewRevenue = at(channelMetricNames, "new_revenue")
	cmCAC        = at(channelMetricNames, "cac")
	cmROI        = at(channelMetricNames, "roi")
)

// Series indices into seriesNames.
var (
	sRevenue      = at(seriesNames, "revenue")
	sMRR          = at(seriesNames, "mrr")
	sNewCustomers = at(seriesNames, "new_customers")
	sCustomers    = at(seriesNames, "customers")
	sSpend        = at(seriesNames, "spend")
	sHandedOff    = at(seriesNames, "handed_off")
	sCapacity     = at(seriesNames, "capacity")
	sTakenOn      = at(seriesNames, "taken_on")
	sQueue        = at(seriesNames, "queue")
)

// at is name's index in names. A name the catalog lacks is a bug in the
// engine, found the moment the package loads.
func at(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	panic("sim: the catalog has no " + name)
}
