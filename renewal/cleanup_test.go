package renewal

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
)

// TestLeftovers: what is cleared out is the used token and the older
// tokens of the same server or location beside it, never another server's
// or location's token, the certificate or other files.
func TestLeftovers(t *testing.T) {
	f := downloads(t)
	dep := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP}).Lookup()
	got := dep.Leftovers(dep.CheckFile(f.Path(f.FreshDEP), nil))
	if want := []string{f.Path(f.FreshDEP), f.Path(f.OldDEP)}; !slices.Equal(got, want) {
		t.Errorf("DEP leftovers %q, want %q", got, want)
	}
	vpp := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP}).Lookup()
	old := oldVPP(f)
	if err := writeFile(f.Path("sToken_for_North Wing.vpptoken"), mustRead(t, f.Path(f.VPP))); err != nil {
		t.Fatal(err)
	}
	got = vpp.Leftovers(vpp.CheckFile(f.Path(f.VPP), nil))
	if want := []string{f.Path(f.VPP), f.Path(old)}; !slices.Equal(got, want) {
		t.Errorf("VPP leftovers %q, want %q", got, want)
	}
	if got := vpp.Leftovers(vpp.CheckText("x")); got != nil {
		t.Errorf("pasted text leaves %q", got)
	}
}

// TestTidyUp: the files are moved into a private folder, a taken name
// gets a number, or deleted, or left; each says what it did.
func TestTidyUp(t *testing.T) {
	dir := t.TempDir()
	files := func(names ...string) []string {
		var out []string
		for _, n := range names {
			p := filepath.Join(dir, n)
			if err := os.WriteFile(p, []byte(n), 0o644); err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
		return out
	}
	folder := filepath.Join(t.TempDir(), "used-tokens")
	said, err := TidyUp(MoveThem, files("a.vpptoken", "b.vpptoken"), folder)
	if err != nil || said != "Moved 2 files to "+Tilde(folder)+": a.vpptoken, b.vpptoken." {
		t.Errorf("move: %q, %v", said, err)
	}
	if info, err := os.Stat(folder); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("folder %v, %v; want mode 0700", info, err)
	}
	if info, err := os.Stat(filepath.Join(folder, "a.vpptoken")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("moved file %v, %v; want mode 0600", info, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.vpptoken")); !os.IsNotExist(err) {
		t.Error("the moved file is still in Downloads")
	}
	said, err = TidyUp(MoveThem, files("a.vpptoken"), folder)
	if err != nil || !strings.Contains(said, "Moved 1 file") {
		t.Errorf("second move: %q, %v", said, err)
	}
	if _, err := os.Stat(filepath.Join(folder, "a (2).vpptoken")); err != nil {
		t.Errorf("a taken name was not numbered: %v", err)
	}
	said, err = TidyUp(DeleteThem, files("c.p7m"), folder)
	if _, statErr := os.Stat(filepath.Join(dir, "c.p7m")); err != nil || !os.IsNotExist(statErr) || said != "Deleted 1 file: c.p7m." {
		t.Errorf("delete: %q, %v, %v", said, err, statErr)
	}
	left := files("d.p7m")
	if said, err := TidyUp(LeaveThem, left, folder); err != nil || said != "Left 1 file in "+Tilde(dir)+"." {
		t.Errorf("leave: %q, %v", said, err)
	}
	if said, err := TidyUp(DeleteThem, []string{filepath.Join(dir, "gone.p7m")}, folder); err == nil || !strings.Contains(said, "Deleted 0") {
		t.Errorf("deleting a missing file: %q, %v", said, err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPushLeftovers: after a push renewal, last year's certificate of the
// same topic is cleared out with the new one, and so is a certificate with
// another topic (made with Create a Certificate); the request is left
// alone.
func TestPushLeftovers(t *testing.T) {
	dir := pushFolder(t, pushNew, pushLastYear, pushCreated, "PushCertRequest.txt")
	l := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindPush, Portal: "intune"}).Lookup()
	got := l.Leftovers(l.CheckFile(filepath.Join(dir, pushNew), nil))
	slices.Sort(got)
	want := []string{filepath.Join(dir, pushCreated), filepath.Join(dir, pushNew), filepath.Join(dir, pushLastYear)}
	if !slices.Equal(got, want) {
		t.Errorf("push leftovers %q, want %q", got, want)
	}
}

// TestTilde: a path in the home folder reads ~/…; others, and a folder
// whose name only starts like home's, stay as they are.
func TestTilde(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for in, want := range map[string]string{
		home:                             "~",
		filepath.Join(home, "Downloads"): "~/Downloads",
		home + "2/Downloads":             home + "2/Downloads",
		"/etc/mdmtoken":                  "/etc/mdmtoken",
	} {
		if got := Tilde(in); got != want {
			t.Errorf("Tilde(%q) = %q, want %q", in, got, want)
		}
	}
}
