package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/nwaples/rardecode/v2"

	"github.com/budgetx/budgetx/extract"
)

// maxRARDictionary bounds the window a RAR member may ask the decoder to
// allocate. RAR 5 archivers use 4 MiB to 1 GiB, 32 MiB by default.
const maxRARDictionary = 256 << 20

// walkRAR lists the members of a RAR archive (versions 1.5 to 5). The
// reader streams: each member is read before the next one is listed.
func walkRAR(data []byte, visit func(entry) error) error {
	r, err := rardecode.NewReader(bytes.NewReader(data), rardecode.MaxDictionarySize(maxRARDictionary))
	if err != nil {
		return rarError(err)
	}
	for {
		h, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return rarError(err)
		}
		// RAR 5 names are UTF-8; older archives without the Unicode flag
		// hold the bytes of the archiver's code page.
		e := entry{name: h.Name, dir: h.IsDir, size: h.UnPackedSize,
			open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
		if h.UnKnownSize {
			e.size = -1
		}
		switch {
		case h.Encrypted:
			e.reason = fmt.Errorf("%w: the member needs a password", extract.ErrEncrypted)
		case h.LinkType != 0:
			e.reason = fmt.Errorf("%w: a link to %s, not a file", extract.ErrUnsupported, h.LinkTarget)
		}
		if err := visit(e); err != nil {
			return err
		}
	}
}

func rarError(err error) error {
	switch {
	case errors.Is(err, rardecode.ErrArchiveEncrypted), errors.Is(err, rardecode.ErrArchivedFileEncrypted):
		return fmt.Errorf("%w: RAR archive: %v", extract.ErrEncrypted, err)
	case errors.Is(err, rardecode.ErrMultiVolume):
		return fmt.Errorf("%w: RAR archive: one volume of several; the others are needed too", extract.ErrUnsupported)
	}
	return fmt.Errorf("%w: RAR archive: %v", extract.ErrMalformed, err)
}
