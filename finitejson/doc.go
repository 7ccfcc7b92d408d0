// Package finitejson writes JSON in which a number that is not finite is
// null: encoding/json refuses NaN and ±Inf, and one statistic past the
// float range must not cost a whole document.
package finitejson
