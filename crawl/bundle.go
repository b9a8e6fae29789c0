package crawl

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/extract"
)

// member is one file taken from a zip bundle.
type member struct {
	name string // its path inside the bundle, as UTF-8
	data []byte
	err  error // why it could not be taken; data is nil then
}

// isBundle reports whether data is a plain zip archive: one that Sniff
// does not take for a workbook (xlsx) or another Office file.
func isBundle(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	_, err := extract.Sniff(data)
	return errors.Is(err, extract.ErrArchive)
}

// openBundle unpacks the files of a zip bundle, at most maxMembers of them
// and maxTotal bytes in all, none larger than maxMember: a zip bomb costs
// no more than those limits. Folders and the litter of archivers
// (__MACOSX, dot files) are left out. Names not flagged as UTF-8 are read
// as GBK, as Chinese Windows archivers write them.
func openBundle(data []byte, maxMembers int, maxTotal, maxMember int64) ([]member, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("open zip: %w", err)
	}
	var out []member
	var total int64
	for _, f := range zr.File {
		name := f.Name
		if f.NonUTF8 || !utf8.ValidString(name) {
			name = decodeBytes([]byte(name))
		}
		base := path.Base(name)
		if f.FileInfo().IsDir() || strings.HasPrefix(name, "__MACOSX/") || strings.HasPrefix(base, ".") {
			continue
		}
		if len(out) == maxMembers {
			return out, fmt.Errorf("zip holds more than %d files; the rest were left out", maxMembers)
		}
		m := member{name: name}
		switch {
		case f.UncompressedSize64 > uint64(maxMember):
			m.err = fmt.Errorf("%w: %d bytes, the cap is %d", ErrTooLarge, f.UncompressedSize64, maxMember)
		case total+int64(f.UncompressedSize64) > maxTotal:
			return out, fmt.Errorf("zip unpacks to more than %d bytes; the rest was left out", maxTotal)
		default:
			m.data, m.err = readMember(f, min(maxMember, maxTotal-total))
			total += int64(len(m.data))
		}
		out = append(out, m)
	}
	return out, nil
}

// readMember reads a member, trusting its declared size no further than
// limit.
func readMember(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errors.New("member is larger than it declares")
	}
	return data, nil
}
