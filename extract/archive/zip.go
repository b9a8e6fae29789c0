package archive

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"

	"github.com/budgetx/budgetx/extract"
)

// walkZip lists the members of a zip archive.
func walkZip(data []byte, visit func(entry) error) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: zip archive: %v", extract.ErrMalformed, err)
	}
	for _, f := range zr.File {
		e := entry{name: f.Name, utf8: f.Flags&0x800 != 0, dir: f.FileInfo().IsDir(), size: int64(min(f.UncompressedSize64, 1<<62)), open: f.Open}
		if u, ok := unicodePath(f); ok {
			e.name, e.utf8 = u, true
		}
		if f.Flags&0x1 != 0 {
			e.reason = fmt.Errorf("%w: the member needs a password", extract.ErrEncrypted)
		}
		if err := visit(e); err != nil {
			return err
		}
	}
	return nil
}

// unicodePath reads the Info-ZIP Unicode Path extra field (0x7075), where
// some archivers keep a UTF-8 name beside a name in the local code page.
// The field counts only while its checksum matches the plain name.
func unicodePath(f *zip.File) (string, bool) {
	extra := f.Extra
	for len(extra) >= 4 {
		tag := binary.LittleEndian.Uint16(extra)
		size := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if size > len(extra) {
			return "", false
		}
		field := extra[:size]
		extra = extra[size:]
		if tag != 0x7075 || len(field) < 5 || field[0] != 1 {
			continue
		}
		if binary.LittleEndian.Uint32(field[1:]) != crc32.ChecksumIEEE([]byte(f.Name)) {
			return "", false
		}
		return string(field[5:]), true
	}
	return "", false
}
