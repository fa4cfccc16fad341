package pastelimit

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// collector is a program that keeps the pastes it is given and ends at q.
type collector struct {
	pastes []string
	keys   []string
}

func (c *collector) Init() tea.Cmd { return nil }

func (c *collector) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		c.pastes = append(c.pastes, msg.Content)
	case tea.KeyPressMsg:
		c.keys = append(c.keys, msg.String())
		if msg.String() == "q" {
			return c, tea.Quit
		}
	}
	return c, nil
}

func (c *collector) View() tea.View { return tea.NewView("") }

// A Bubble Tea program reading through a Reader gets a huge paste as one
// paste message cut at the limit, its text intact up to there, and the
// keys typed after it as keys; so does a paste that holds an unfinished
// escape sequence (which would otherwise take the end marker's ESC for its
// own) or an 8-bit end marker (which would otherwise end it, the rest
// taken as typed keys).
func TestProgramGetsTheCutPaste(t *testing.T) {
	const limit = 4096
	big := strings.Repeat("0123456789abcdef\n", 200000) // 3.4 MB
	cases := []struct {
		name, paste, want string
	}{
		{"text", big, big[:limit]},
		{"an OSC left open", strings.Repeat("x", limit-3) + "\x1b]0;" + big, strings.Repeat("x", limit-3) + "0;0"},
		{"an 8-bit end marker", "a\x9b201~q" + big, ("a201~q" + big)[:limit]},
		{"a short one", "hello", "hello"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer pr.Close()
			go func() {
				_, _ = io.WriteString(pw, start+tc.paste+end+"zq")
				// Kept open: the program ends at q, not at the end of input.
				<-time.After(20 * time.Second)
				pw.Close()
			}()
			cuts := 0
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c := &collector{}
			p := tea.NewProgram(c, tea.WithContext(ctx), tea.WithInput(New(pr, limit, func() { cuts++ })),
				tea.WithOutput(io.Discard), tea.WithoutSignals(), tea.WithEnvironment([]string{"TERM=xterm"}))
			if _, err := p.Run(); err != nil {
				t.Fatalf("program: %v", err)
			}
			if len(c.pastes) != 1 {
				t.Fatalf("%d paste messages, want 1", len(c.pastes))
			}
			got := c.pastes[0]
			if got != tc.want {
				t.Errorf("paste of %d bytes, want %d: %.40q…", len(got), len(tc.want), got)
			}
			if strings.Join(c.keys, " ") != "z q" {
				t.Errorf("keys after the paste: %q, want z q", c.keys)
			}
			if wantCuts := 0; len(tc.paste) > limit {
				wantCuts = 1
				if cuts != wantCuts {
					t.Errorf("%d cuts, want %d", cuts, wantCuts)
				}
			}
		})
	}
}
