package finitejson

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

type level int

func (l level) MarshalText() ([]byte, error) {
	return []byte("level-" + strings.Repeat("I", int(l))), nil
}

type stats struct {
	Mean float64 `json:"mean"`
	N    int     `json:"n"`
}

func (s stats) MarshalJSON() ([]byte, error) {
	type plain stats
	return Marshal(plain(s))
}

type Inner struct {
	A     float64 `json:"a"`
	Shade string  `json:"shade,omitempty"`
	Over  int     // shadowed by Outer's Over
}

type tagged struct {
	B float64 `json:"b"`
}

type Outer struct {
	Inner
	*tagged
	Over     int               `json:"over"`
	Skip     float64           `json:"-"`
	Quoted   int               `json:"quoted,string"`
	QuotedS  string            `json:"qs,string"`
	Ptr      *float64          `json:"ptr,omitempty"`
	NilPtr   *float64          `json:"nil_ptr"`
	Any      any               `json:"any"`
	List     []float64         `json:"list"`
	NilList  []float64         `json:"nil_list"`
	Empty    []float64         `json:"empty,omitempty"`
	Bytes    []byte            `json:"bytes"`
	Array    [2]float64        `json:"array"`
	ByName   map[string]stats  `json:"by_name"`
	ByInt    map[int]float64   `json:"by_int"`
	ByLevel  map[level]float64 `json:"by_level"`
	Level    level             `json:"level"`
	Stats    stats             `json:"stats"`
	StatsPtr *stats            `json:"stats_ptr"`
	HTML     string            `json:"html"`
	private  float64
}

func sample(x float64) Outer {
	y := 2.5
	return Outer{
		Inner:   Inner{A: x, Over: 9},
		tagged:  &tagged{B: x},
		Over:    3,
		Skip:    x,
		Quoted:  7,
		QuotedS: "q",
		Ptr:     &y,
		Any:     map[string]any{"x": x, "list": []any{x, "s"}},
		List:    []float64{1, x, 1e21, 1e-7},
		Empty:   nil,
		Bytes:   []byte("hi"),
		Array:   [2]float64{x, 0.1},
		ByName:  map[string]stats{"b": {x, 1}, "a": {2, 3}},
		ByInt:   map[int]float64{10: x, 2: 1},
		ByLevel: map[level]float64{2: x, 1: 0},
		Level:   3,
		Stats:   stats{x, 4},
		HTML:    "<a & b>",
		private: x,
	}
}

// TestWalkIsEncodingJSON: where encoding/json succeeds, the walk writes
// the same bytes, for the rules a document may use.
func TestWalkIsEncodingJSON(t *testing.T) {
	values := []any{
		sample(1.5),
		&[]Outer{sample(-3), sample(0)},
		map[string]any{"n": nil, "f": 3.25, "s": []string{"a"}},
		struct {
			Outer `json:"outer"`
		}{sample(2)},
		nil,
		(*Outer)(nil),
	}
	for i, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := encode(&got, reflect.ValueOf(v)); err != nil {
			t.Fatalf("value %d: %v", i, err)
		}
		if got.String() != string(want) {
			t.Errorf("value %d:\ngot  %s\nwant %s", i, got.String(), want)
		}
	}
}

// TestNonFinite: NaN and ±Inf are null wherever they are, and the rest of
// the document is as encoding/json writes it.
func TestNonFinite(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := json.Marshal(sample(x)); err == nil {
			t.Fatalf("json.Marshal accepted %g; the test needs it refused", x)
		}
		got, err := Marshal(sample(x))
		if err != nil {
			t.Fatalf("Marshal with %g: %v", x, err)
		}
		want, err := json.Marshal(sample(12345))
		if err != nil {
			t.Fatal(err)
		}
		if w := strings.ReplaceAll(string(want), "12345", "null"); string(got) != w {
			t.Errorf("with %g:\ngot  %s\nwant %s", x, got, w)
		}
	}
}

func TestMarshalIndent(t *testing.T) {
	got, err := MarshalIndent(map[string]float64{"a": math.Inf(1), "b": 1}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"a\": null,\n  \"b\": 1\n}"; string(got) != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

// TestOtherErrors: an error that is not a non-finite float is
// encoding/json's.
func TestOtherErrors(t *testing.T) {
	if _, err := Marshal(map[string]any{"c": make(chan int), "x": math.NaN()}); err == nil {
		t.Error("a channel marshalled; want encoding/json's error")
	}
	if _, err := Marshal(make(chan int)); err == nil {
		t.Error("a channel marshalled; want encoding/json's error")
	}
}
