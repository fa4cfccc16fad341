package mdmcerts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRememberLookup(t *testing.T) {
	s := Store{Path: filepath.Join(t.TempDir(), "cfg", "mdmtoken", "mdm-certificates.json")}
	if _, ok := s.Lookup("relution", "Campus MDM"); ok {
		t.Fatal("something remembered in a missing file")
	}
	if err := s.Remember("relution", "Campus MDM", Paths{Cert: "/a/cert.pem", Key: "/a/key.pem"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Remember("relution", "Other", Paths{Cert: "/b/cert.pem"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Remember("relution", "Campus MDM", Paths{Cert: "/c/cert.pem"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		portal, server string
		want           Paths
		ok             bool
	}{
		{"relution", "Campus MDM", Paths{Cert: "/c/cert.pem"}, true},
		{"relution", "Other", Paths{Cert: "/b/cert.pem"}, true},
		{"hexnode", "Campus MDM", Paths{}, false},
	} {
		if got, ok := s.Lookup(c.portal, c.server); got != c.want || ok != c.ok {
			t.Errorf("Lookup(%s, %s) = %+v, %v; want %+v, %v", c.portal, c.server, got, ok, c.want, c.ok)
		}
	}
	if got := s.ForPortal("relution"); len(got) != 2 || got[0].Cert != "/c/cert.pem" || got[1].Cert != "/b/cert.pem" {
		t.Errorf("ForPortal = %+v, want the latest first", got)
	}
	if got := s.ForPortal("hexnode"); got != nil {
		t.Errorf("ForPortal(hexnode) = %+v", got)
	}
	info, err := os.Stat(s.Path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, %v", info.Mode().Perm(), err)
	}
	if dir, err := os.Stat(filepath.Dir(s.Path)); err != nil || dir.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, %v", dir.Mode().Perm(), err)
	}
	data, _ := os.ReadFile(s.Path)
	if strings.Contains(string(data), "BEGIN") {
		t.Errorf("the file holds more than paths:\n%s", data)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"corrupt":       "{not json",
		"other version": `{"version":9,"servers":[{"portal":"p","server":"s","cert":"/c"}]}`,
		"unknown field": `{"version":1,"servers":[],"token":"x"}`,
		"too large":     `{"version":1,"servers":[` + strings.Repeat(" ", MaxSize) + `]}`,
	} {
		s := Store{Path: filepath.Join(dir, name+".json")}
		if err := os.WriteFile(s.Path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, ok := s.Lookup("p", "s"); ok {
			t.Errorf("%s: a lookup succeeded", name)
		}
		// Remembering starts afresh.
		if err := s.Remember("p", "s", Paths{Cert: "/c"}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if got, ok := s.Lookup("p", "s"); !ok || got.Cert != "/c" {
			t.Errorf("%s: after Remember, Lookup = %+v, %v", name, got, ok)
		}
	}
	if err := (Store{}).Remember("p", "s", Paths{Cert: "/c"}); err == nil {
		t.Error("remembered without a file")
	}
}

func TestRelativePaths(t *testing.T) {
	s := Store{Path: filepath.Join(t.TempDir(), "m.json")}
	if err := s.Remember("p", "s", Paths{Cert: "cert.pem"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Lookup("p", "s"); !filepath.IsAbs(got.Cert) {
		t.Errorf("remembered %q, want an absolute path", got.Cert)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/var/tmp/cfg")
	if got := DefaultPath(); got != "/var/tmp/cfg/mdmtoken/mdm-certificates.json" {
		t.Errorf("DefaultPath = %q", got)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "relative")
	if got, want := DefaultPath(), filepath.Join(home, ".config", "mdmtoken", "mdm-certificates.json"); got != want {
		t.Errorf("DefaultPath = %q, want %q", got, want)
	}
}
