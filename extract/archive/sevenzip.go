package archive

import (
	"bytes"
	"fmt"

	"github.com/bodgit/sevenzip"

	"github.com/budgetx/budgetx/extract"
)

// walk7z lists the members of a 7z archive.
func walk7z(data []byte, visit func(entry) error) error {
	r, err := sevenzip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: 7z archive: %v", extract.ErrMalformed, err)
	}
	for _, f := range r.File {
		// 7z keeps names in UTF-16: they arrive as UTF-8.
		e := entry{name: f.Name, utf8: true, dir: f.FileInfo().IsDir(), size: int64(min(f.UncompressedSize, 1<<62)), open: f.Open}
		if err := visit(e); err != nil {
			return err
		}
	}
	return nil
}
