package finitejson

import (
	"bytes"
	"reflect"
)

// Walk is the walk Marshal falls back to, for the tests of documents:
// it must write what encoding/json writes wherever that succeeds.
func Walk(v any) ([]byte, error) {
	var b bytes.Buffer
	err := encode(&b, reflect.ValueOf(v))
	return b.Bytes(), err
}
