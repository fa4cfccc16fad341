package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// FileMode is the mode of the files Save writes.
const FileMode = 0o600

// DirMode is the mode of a directory Save creates.
const DirMode = 0o700

// maxTries bounds the -2, -3 … suffixes Save tries.
const maxTries = 1000

// Save writes the record (.md) and the calendar reminder (.ics) into dir,
// creating dir (mode 0700) if missing. Files are mode 0600 and named like
// mdmtoken-vpp-renewal-2026-11-23-example-school-main-campus.md after the
// kind, the renewal date (r.When, or now when zero), the organization or
// MDM portal and the location; an existing file is never overwritten: the name gets -2, -3 …
// instead, the same for both files. It returns absolute paths.
//
// When NewExpiry is zero the record is still written, calendarPath is empty
// and the error is ErrNoExpiry. Any other error names the folder or the
// file the record should have gone to.
func Save(dir string, r Renewal, now time.Time) (recordPath, calendarPath string, err error) {
	if r.When.IsZero() {
		r.When = now
	}
	ics, calErr := Calendar(r, now)
	if calErr != nil && !errors.Is(calErr, ErrNoExpiry) {
		return "", "", calErr
	}
	md := Markdown(r)

	if dir == "" {
		dir = "."
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	} else {
		return "", "", fmt.Errorf("cannot find the record folder %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return "", "", fmt.Errorf("cannot create the record folder %s: %w", dir, err)
	}

	base := "mdmtoken-" + orDefault(slug(string(r.Kind), 16), "token") + "-renewal-" + r.When.Format(dateFormat)
	org := clean(r.Org)
	if org == "" && clean(r.Location) == "" {
		org = clean(r.MDMPortal)
	}
	if s := slug(org, 40); s != "" {
		base += "-" + s
	}
	if s := slug(r.Location, 30); s != "" {
		base += "-" + s
	}
	for n := 1; n <= maxTries; n++ {
		name := base
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		mdPath := filepath.Join(dir, name+".md")
		icsPath := filepath.Join(dir, name+".ics")
		if ics != nil && exists(icsPath) {
			continue
		}
		if err := writeNew(mdPath, md); err != nil {
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			return "", "", fmt.Errorf("cannot write %s: %w", mdPath, pathless(err))
		}
		if ics == nil {
			return mdPath, "", calErr
		}
		if err := writeNew(icsPath, ics); err != nil {
			os.Remove(mdPath)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			return "", "", fmt.Errorf("cannot write %s: %w", icsPath, pathless(err))
		}
		return mdPath, icsPath, nil
	}
	return "", "", fmt.Errorf("no free file name for %s in the record folder %s", base, dir)
}

// pathless is the cause of a file error without the path, which the
// message already names.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// writeNew creates path (failing if it exists), writes data with mode
// FileMode and syncs it; on failure it removes what it created.
func writeNew(path string, data []byte) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	if err = f.Chmod(FileMode); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// transliterations keeps common accented letters readable in file names.
var transliterations = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue",
	"é", "e", "è", "e", "ê", "e", "à", "a", "á", "a", "â", "a", "ç", "c",
	"ñ", "n", "ó", "o", "ò", "o", "ô", "o", "í", "i", "ì", "i", "ú", "u", "ù", "u", "ø", "o", "å", "a",
)

// slug is s in lower case ASCII letters, digits and single hyphens, at most
// n bytes; empty when nothing is left.
func slug(s string, n int) string {
	s = transliterations.Replace(s)
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > n {
		out = strings.TrimRight(out[:n], "-")
	}
	return out
}

// AppendNote adds a section to a record Save wrote, e.g. what was done
// with the token files afterwards. The text is written as Markdown text.
func AppendNote(recordPath, heading, text string) error {
	info, err := os.Lstat(recordPath)
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	if !info.Mode().IsRegular() || info.Size() > maxRecordSize {
		return fmt.Errorf("record: %s is not a record mdmtoken wrote", recordPath)
	}
	data, err := os.ReadFile(recordPath)
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	section := fmt.Sprintf("\n## %s\n\n%s\n", mdText(clean(heading)), mdText(clean(text)))
	md := string(data)
	if i := strings.LastIndex(md, footer); i >= 0 {
		md = md[:i] + section + md[i:]
	} else {
		md += section
	}
	// Written beside it and renamed over it: a failure leaves the record
	// as it was.
	tmp := recordPath + ".new"
	os.Remove(tmp) // left by an append that stopped half-way
	if err := writeNew(tmp, []byte(md)); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	if err := os.Rename(tmp, recordPath); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("record: %w", err)
	}
	return nil
}

// maxRecordSize is the most a record AppendNote reads may hold; records
// are a few kilobytes.
const maxRecordSize = 1 << 20
