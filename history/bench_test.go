package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
)

// A history of ten years of renewals for a district with 1000 credentials.
func BenchmarkParseAndJudge(b *testing.B) {
	var buf bytes.Buffer
	for i := range 10_000 {
		e := Entry{Kind: token.KindVPP, Org: "Fixture District", Location: fmt.Sprintf("School %d", i%1000),
			File: fmt.Sprintf("sToken_for_School %d.vpptoken", i%1000), Expires: now.AddDate(i/1000, 0, i%365),
			Recorded: now.AddDate(i/1000-1, 0, i%365), User: "alice", Host: "jump1", Source: SourceFile}.normal()
		line, _ := json.Marshal(e)
		buf.Write(append(line, '\n'))
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		entries, _ := Parse(data)
		if n := len(Credentials(entries, now, 0)); n != 1000 {
			b.Fatalf("%d credentials", n)
		}
	}
}
