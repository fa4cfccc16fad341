package renewal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mdmtoken/mdmtoken/token"
)

// Leftovers are the token files to clear out of the folder once the MDM
// portal accepted the chosen file: that file, and the older tokens beside
// it for the same server or location; for a push certificate, the older
// ones of its topic and every push certificate of another topic (one made
// with Create a Certificate by mistake). Tokens are credentials, and a
// file left behind is next year's wrong pick. Pasted text leaves none.
func (l Lookup) Leftovers(c Checked) []string {
	if c.Path == "" {
		return nil
	}
	out := []string{c.Path}
	dir := filepath.Dir(c.Path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	for i, e := range entries {
		if i >= maxSiblings {
			break
		}
		other := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || other == c.Path || !l.Likely(e.Name()) {
			continue
		}
		r := l.Inspect(other)
		switch {
		case same(r, c.Report) && r.HasExpiry() && c.Report.HasExpiry() && !r.Expires.After(c.Report.Expires):
			out = append(out, other)
		case c.Report.Kind == token.KindPush && r.Kind == token.KindPush && r.Topic != "" && c.Report.Topic != "" && r.Topic != c.Report.Topic:
			// Not the MDM's certificate: left there, it is what is
			// picked next year, and uploading it re-enrolls every device.
			out = append(out, other)
		}
	}
	return out
}

// Tidy is what to do with the leftovers.
type Tidy int

// What to do with the leftovers.
const (
	LeaveThem  Tidy = iota // leave them where they are
	MoveThem               // move them into a private folder
	DeleteThem             // delete them
)

// TidyChoices are the ways to tidy the token files that both front ends offer, in
// order: moving them into a private folder (when canMove), deleting them,
// leaving them; first is the one offered first, never a deletion.
func TidyChoices(canMove bool) (hows []Tidy, first int) {
	if canMove {
		return []Tidy{MoveThem, DeleteThem, LeaveThem}, 0
	}
	return []Tidy{DeleteThem, LeaveThem}, 1
}

// Label names a way to tidy n files: "Move them to a private folder",
// "Delete it", "Leave them where they are".
func (t Tidy) Label(n int) string {
	them, they := "them", "they are"
	if n == 1 {
		them, they = "it", "it is"
	}
	switch t {
	case MoveThem:
		return "Move " + them + " to a private folder"
	case DeleteThem:
		return "Delete " + them
	}
	return "Leave " + them + " where " + they
}

// TidyUp moves the files into folder (made 0700, names kept, a number
// added where one is taken) or deletes them, and says what was done in a
// sentence for the screen and the record. A file that cannot be moved or
// deleted is named in the error; the others are still done.
func TidyUp(how Tidy, files []string, folder string) (string, error) {
	var done []string
	var errs []error
	switch how {
	case MoveThem:
		if err := os.MkdirAll(folder, 0o700); err != nil {
			return "Nothing was moved.", fmt.Errorf("cannot make the folder %s: %w", folder, err)
		}
		if err := os.Chmod(folder, 0o700); err != nil {
			return "Nothing was moved.", fmt.Errorf("cannot make the folder %s private: %w", folder, err)
		}
		for _, f := range files {
			if err := move(f, folder); err != nil {
				errs = append(errs, err)
				continue
			}
			done = append(done, token.Printable(filepath.Base(f)))
		}
		return fmt.Sprintf("Moved %s to %s: %s.", Plural(len(done), "file"), token.Printable(Tilde(folder)), strings.Join(done, ", ")), errors.Join(errs...)
	case DeleteThem:
		for _, f := range files {
			if err := os.Remove(f); err != nil {
				errs = append(errs, err)
				continue
			}
			done = append(done, token.Printable(filepath.Base(f)))
		}
		return fmt.Sprintf("Deleted %s: %s.", Plural(len(done), "file"), strings.Join(done, ", ")), errors.Join(errs...)
	}
	return fmt.Sprintf("Left %s in %s.", Plural(len(files), "file"), token.Printable(Tilde(folderOf(files)))), nil
}

// folderOf names the folder the files are in.
func folderOf(files []string) string {
	if len(files) == 0 {
		return "place"
	}
	return filepath.Dir(files[0])
}

// Tilde writes a path in the home folder as ~/…, as people read it.
func Tilde(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == "/" {
		return path
	}
	if path == home {
		return "~"
	}
	if rest, ok := strings.CutPrefix(path, home+string(filepath.Separator)); ok {
		return "~" + string(filepath.Separator) + rest
	}
	return path
}

// move moves a file into folder, by renaming it, or by copying it (mode
// 0600) and removing the original when the folder is on another disk.
func move(path, folder string) error {
	dest, err := freeName(folder, filepath.Base(path))
	if err != nil {
		return err
	}
	if err := os.Rename(path, dest); err == nil {
		return os.Chmod(dest, 0o600)
	}
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, io.LimitReader(in, token.MaxFileSize+1)); err != nil {
		out.Close()
		os.Remove(dest)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(dest)
		return err
	}
	return os.Remove(path)
}

// freeName is folder/name, or folder/name with " (2)", " (3)" … before the
// extension when that is taken.
func freeName(folder, name string) (string, error) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for n := 1; n <= 1000; n++ {
		p := filepath.Join(folder, name)
		if n > 1 {
			p = filepath.Join(folder, fmt.Sprintf("%s (%d)%s", stem, n, ext))
		}
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
	}
	return "", fmt.Errorf("no free name for %s in %s", name, folder)
}

// UsedTokensFolder is where used token files are moved:
// $XDG_DATA_HOME/mdmtoken/used-tokens when XDG_DATA_HOME is absolute, else
// ~/.local/share/mdmtoken/used-tokens; empty when no home is known.
func UsedTokensFolder() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mdmtoken", "used-tokens")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "share", "mdmtoken", "used-tokens")
}
