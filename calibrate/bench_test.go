package calibrate

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"testing/fstest"
	"time"
)

// export writes a people file of n people entering at lead through a
// year, each stage of testStages reached with probability 0.4 after a
// geometric wait of mean 1 month.
func export(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("id,channel,created,mql,sql,customer,value\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	channels := []string{"search", "social", "events", "partners"}
	for i := range n {
		d := start.AddDate(0, 0, rng.IntN(365))
		fmt.Fprintf(&b, "p%d,%s,%s", i, channels[rng.IntN(len(channels))], d.Format(dateLayout))
		reached := true
		for range 3 {
			if reached && rng.Float64() < 0.4 {
				w := int(math.Floor(math.Log(1-rng.Float64()) / math.Log(0.5)))
				d = d.AddDate(0, w, rng.IntN(5))
				reached = !d.After(end)
			} else {
				reached = false
			}
			if reached {
				b.WriteString("," + d.Format(dateLayout))
			} else {
				b.WriteString(",")
			}
		}
		if reached {
			b.WriteString(",1200\n")
		} else {
			b.WriteString(",\n")
		}
	}
	return b.Bytes()
}

// BenchmarkCalibrate reads a people export and fits every stage's
// conversion and wait from all channels' people and from each channel's.
func BenchmarkCalibrate(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			fsys := fstest.MapFS{"people.csv": {Data: export(n)}}
			b.ReportAllocs()
			for b.Loop() {
				p, err := ReadPeople(fsys, "people.csv", testStages, nil)
				if err != nil {
					b.Fatal(err)
				}
				for k := 1; k < len(testStages); k++ {
					for _, c := range []string{"", "search", "social", "events", "partners"} {
						if _, err := Conversion(p.Evidence(k, c, p.Latest), nil); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/export")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "people/s")
		})
	}
}
