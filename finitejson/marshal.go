package finitejson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Marshal is json.Marshal, except that a float that is NaN or ±Inf is
// written as null where json.Marshal fails on it. A value json.Marshal
// encodes is encoded by it, byte for byte; only a value it refuses for a
// non-finite float is walked here, with encoding/json's rules (field tags,
// omitempty, embedded structs, sorted map keys, Marshaler and
// TextMarshaler).
func Marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if _, unsupported := errors.AsType[*json.UnsupportedValueError](err); !unsupported {
		return b, err
	}
	var buf bytes.Buffer
	if err := encode(&buf, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MarshalIndent is Marshal with json.MarshalIndent's layout.
func MarshalIndent(v any, prefix, indent string) ([]byte, error) {
	b, err := Marshal(v)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, prefix, indent); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// encode writes v as JSON to b, a non-finite float as null.
func encode(b *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		b.WriteString("null")
		return nil
	}
	t := v.Type()
	if t.Implements(marshalerType) || v.CanAddr() && reflect.PointerTo(t).Implements(marshalerType) {
		return marshaler(b, v)
	}
	if t.Implements(textMarshalerType) || v.CanAddr() && reflect.PointerTo(t).Implements(textMarshalerType) {
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			b.WriteString("null")
			return nil
		}
		if !t.Implements(textMarshalerType) {
			v = v.Addr()
		}
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return err
		}
		return plain(b, string(text))
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		if x := v.Float(); math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
			return nil
		}
		return plain(b, v.Interface())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encode(b, v.Elem())
	case reflect.Struct:
		return object(b, v)
	case reflect.Map:
		return mapping(b, v)
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 && !t.Elem().Implements(marshalerType) && !t.Elem().Implements(textMarshalerType) {
			return plain(b, v.Interface()) // base64, as encoding/json writes bytes
		}
		return array(b, v)
	case reflect.Array:
		return array(b, v)
	}
	return plain(b, v.Interface())
}

// plain writes x as encoding/json does: x holds no float that is not finite.
func plain(b *bytes.Buffer, x any) error {
	data, err := json.Marshal(x)
	if err != nil {
		return err
	}
	b.Write(data)
	return nil
}

// marshaler writes a value that marshals itself, compacted as
// encoding/json compacts it.
func marshaler(b *bytes.Buffer, v reflect.Value) error {
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		b.WriteString("null")
		return nil
	}
	if !v.Type().Implements(marshalerType) {
		v = v.Addr()
	}
	data, err := v.Interface().(json.Marshaler).MarshalJSON()
	if err != nil {
		return err
	}
	return json.Compact(b, data)
}

func array(b *bytes.Buffer, v reflect.Value) error {
	b.WriteByte('[')
	for i := range v.Len() {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encode(b, v.Index(i)); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

// mapping writes a map's entries sorted by key, as encoding/json does.
func mapping(b *bytes.Buffer, v reflect.Value) error {
	if v.IsNil() {
		b.WriteString("null")
		return nil
	}
	type entry struct {
		key string
		val reflect.Value
	}
	var entries []entry
	for it := v.MapRange(); it.Next(); {
		k, err := keyName(it.Key())
		if err != nil {
			return err
		}
		entries = append(entries, entry{k, it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	b.WriteByte('{')
	for i, e := range entries {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := plain(b, e.key); err != nil {
			return err
		}
		b.WriteByte(':')
		if err := encode(b, e.val); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// keyName is a map key as encoding/json names it: a string as it is, a
// TextMarshaler's text, an integer in decimal.
func keyName(k reflect.Value) (string, error) {
	if k.Kind() == reflect.String {
		return k.String(), nil
	}
	if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
		if k.Kind() == reflect.Pointer && k.IsNil() {
			return "", nil
		}
		text, err := tm.MarshalText()
		return string(text), err
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10), nil
	}
	return "", &json.UnsupportedTypeError{Type: k.Type()}
}

// object writes a struct's fields as encoding/json chooses them.
func object(b *bytes.Buffer, v reflect.Value) error {
	b.WriteByte('{')
	first := true
	for _, f := range fields(v.Type()) {
		fv, ok := fieldByIndex(v, f.index)
		if !ok || f.omitEmpty && isEmpty(fv) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		if err := plain(b, f.name); err != nil {
			return err
		}
		b.WriteByte(':')
		if f.quoted {
			var inner bytes.Buffer
			if err := encode(&inner, fv); err != nil {
				return err
			}
			if fv.Kind() == reflect.String || inner.String() != "null" {
				if err := plain(b, inner.String()); err != nil {
					return err
				}
				continue
			}
			b.WriteString("null")
			continue
		}
		if err := encode(b, fv); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// fieldByIndex is v's field at index, through embedded pointers; ok is
// false where one of them is nil (encoding/json leaves its fields out).
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// field is one JSON field of a struct type.
type field struct {
	name      string
	index     []int
	tagged    bool
	omitEmpty bool
	quoted    bool
	depth     int
}

// fields lists t's JSON fields in encoding/json's order, with its rules:
// exported fields by their tag's name or their own; embedded structs'
// fields promoted; of fields that share a name, the shallowest wins, or
// the one tagged among the shallowest, or none.
func fields(t reflect.Type) []field {
	var all []field
	var walk func(t reflect.Type, index []int, depth int, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, index []int, depth int, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			sf := t.Field(i)
			ft := sf.Type
			if sf.Anonymous {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if !sf.IsExported() && ft.Kind() != reflect.Struct {
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(slices.Clone(index), i)
			if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
				walk(ft, idx, depth+1, seen)
				continue
			}
			f := field{name: name, index: idx, tagged: name != "", depth: depth}
			if name == "" {
				f.name = sf.Name
			}
			for o := range strings.SplitSeq(opts, ",") {
				switch o {
				case "omitempty":
					f.omitEmpty = true
				case "string":
					switch ft.Kind() {
					case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
						reflect.Float32, reflect.Float64, reflect.String:
						f.quoted = true
					}
				}
			}
			all = append(all, f)
		}
		delete(seen, t)
	}
	walk(t, nil, 0, map[reflect.Type]bool{})

	var out []field
	for _, f := range all {
		winner, ok := dominant(all, f.name)
		if ok && slices.Equal(winner.index, f.index) {
			out = append(out, f)
		}
	}
	return out
}

// dominant is the field of that name encoding/json keeps, if any.
func dominant(all []field, name string) (field, bool) {
	var best []field
	for _, f := range all {
		if f.name != name {
			continue
		}
		switch {
		case len(best) == 0 || f.depth < best[0].depth:
			best = []field{f}
		case f.depth == best[0].depth:
			best = append(best, f)
		}
	}
	if len(best) == 1 {
		return best[0], true
	}
	var tagged []field
	for _, f := range best {
		if f.tagged {
			tagged = append(tagged, f)
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	return field{}, false
}

// isEmpty is encoding/json's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
