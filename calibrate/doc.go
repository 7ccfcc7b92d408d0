// Package calibrate fits a scenario's uncertain values from last year's
// exports: it reads the people, spend and customers files DESIGN.md's
// "Calibration from last year's data" defines, and estimates each stage's
// conversion and wait jointly on a posterior grid, counting the people who
// may still move on at the export date as censored, not lost.
//
// Readers take an fs.FS and return an *Error naming the file, the line and
// the column, what was written and what is allowed:
//
//	people.csv:3: column 2 (created): "2026-13-01" is not a date (YYYY-MM-DD, e.g. 2026-03-14)
//
// Decisions the design leaves open, made here: a person who has a date for
// a stage must have one for every stage between their entry and it (a
// skipped stage is refused, not filled in); a date for a stage at or before
// the one a person entered at is refused; a `value` on a row that did not
// reach the last stage is read but not used as a deal. A HubSpot contacts
// export (ReadHubSpot) is read as HubSpot writes it, where stages are often
// skipped: there a skipped stage is taken as reached on the next reached
// stage's date.
//
// WriteExample writes a year of synthetic exports from a scenario, and
// ExampleTruthOf gives the parameters they come from, so that a fit can be
// checked against the truth.
package calibrate
