package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/extract"
)

// Kind names an archive format.
type Kind string

// The archive formats Open reads.
const (
	Zip      Kind = "zip"
	RAR      Kind = "rar"
	SevenZip Kind = "7z"
)

// Sep joins an archive's name and the path of a member inside it:
// bundle.zip!/附件1.docx.
const Sep = "!/"

// Limits bound what Open inflates. Zero fields take the defaults.
type Limits struct {
	Members int   // files taken from one archive, nested ones included; default 200
	Total   int64 // bytes inflated from one archive in all; default 1 GiB
	Member  int64 // bytes of one member; default 512 MiB
	Ratio   int64 // inflated bytes per byte of the archive, past the first MiB; default 200
	Depth   int   // levels of archives opened, the outer one included; default 2
}

// Defaults for the zero fields of Limits.
const (
	DefaultMembers = 200
	DefaultTotal   = 1 << 30
	DefaultMember  = 512 << 20
	DefaultRatio   = 200
	DefaultDepth   = 2
	// ratioFloor is what any archive may inflate to, whatever its ratio:
	// a small archive of text compresses well and is no bomb.
	ratioFloor = 1 << 20
)

func (l Limits) withDefaults() Limits {
	if l.Members <= 0 {
		l.Members = DefaultMembers
	}
	if l.Total <= 0 {
		l.Total = DefaultTotal
	}
	if l.Member <= 0 {
		l.Member = DefaultMember
	}
	if l.Ratio <= 0 {
		l.Ratio = DefaultRatio
	}
	if l.Depth <= 0 {
		l.Depth = DefaultDepth
	}
	return l
}

// Errors that say why an archive or a member was not read; each wraps a
// kind of package extract.
var (
	// ErrLimit: a member, or the archive, inflates past a limit.
	ErrLimit = fmt.Errorf("%w: archive past its limits", extract.ErrMalformed)
	// ErrDepth: an archive nested deeper than Limits.Depth.
	ErrDepth = fmt.Errorf("%w: archive nested too deep", extract.ErrUnsupported)
)

// Member is one file taken from an archive.
type Member struct {
	Path string // its path inside the archive, UTF-8; through nested archives joined by Sep
	Data []byte // nil when Err is set
	Err  error  // why it could not be read
}

// Detect tells an archive by its first bytes. A zip file is an archive
// only when it is no Office file (xlsx, docx), which are zip files too.
func Detect(data []byte) (Kind, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("Rar!\x1A\x07")):
		return RAR, true
	case bytes.HasPrefix(data, []byte("7z\xBC\xAF\x27\x1C")):
		return SevenZip, true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		// A damaged zip that no Office file's names show through is a
		// damaged archive.
		_, err := extract.Sniff(data)
		return Zip, errors.Is(err, extract.ErrArchive) || errors.Is(err, extract.ErrMalformed)
	}
	return "", false
}

// Open reads the members of an archive, and those of the archives inside
// it down to lim.Depth. The members come in the archive's order, each
// nested archive's members in its place. The error is about the archive as
// a whole: it cannot be opened (damaged, truncated, encrypted), or a limit
// stopped the reading, in which case the members read before are returned
// too. It never panics.
func Open(ctx context.Context, data []byte, lim Limits) ([]Member, error) {
	lim = lim.withDefaults()
	kind, ok := Detect(data)
	if !ok {
		return nil, fmt.Errorf("%w: not an archive", extract.ErrUnsupported)
	}
	o := &opener{lim: lim, budget: lim.Total}
	if r := max(ratioFloor, lim.Ratio*int64(len(data))); r < lim.Total {
		o.budget, o.byRatio = r, true
	}
	err := o.open(ctx, kind, data, "", 1)
	return o.members, err
}

// opener carries the state of one Open: the limits, what is left of the
// inflation budget, and the members so far.
type opener struct {
	lim     Limits
	budget  int64  // bytes that may still be inflated
	byRatio bool   // the budget is set by the ratio rather than by Total
	count   int    // members taken, at every depth
	stopAt  string // the member that ran past the budget
	members []Member
}

// entry is a member as an archive reader lists it, before it is read.
type entry struct {
	name   string // raw name, perhaps GBK
	utf8   bool   // the archive says the name is UTF-8
	dir    bool
	size   int64 // declared size; -1 when unknown
	open   func() (io.ReadCloser, error)
	reason error // why it cannot be opened (encrypted, a link)
}

// errStop ends a walk over an archive's entries once a limit is reached.
var errStop = errors.New("stop")

func (o *opener) open(ctx context.Context, kind Kind, data []byte, prefix string, depth int) (err error) {
	// The decoders are other people's code: an archive they choke on is
	// damaged, not a reason to stop a batch.
	defer extract.Recover(&err, extract.Pos{}, string(kind)+" archive")
	visit := func(e entry) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return o.take(ctx, e, prefix, depth)
	}
	switch kind {
	case Zip:
		err = walkZip(data, visit)
	case RAR:
		err = walkRAR(data, visit)
	case SevenZip:
		err = walk7z(data, visit)
	}
	if errors.Is(err, errStop) {
		return o.stopped()
	}
	if err != nil && ctx.Err() == nil && !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrEncrypted) {
		err = fmt.Errorf("%w: %s archive: %v", extract.ErrMalformed, kind, err)
	}
	return err
}

// stopped says which limit ended the reading.
func (o *opener) stopped() error {
	if o.count >= o.lim.Members {
		return fmt.Errorf("%w: more than %d files; the rest were left out", ErrLimit, o.lim.Members)
	}
	if o.byRatio {
		return fmt.Errorf("%w: inflates to more than %d times its size at %s (a zip bomb?); the rest was left out", ErrLimit, o.lim.Ratio, o.stopAt)
	}
	return fmt.Errorf("%w: inflates to more than %d bytes at %s; the rest was left out", ErrLimit, o.lim.Total, o.stopAt)
}

// take reads one entry into the members, or the members of the archive it
// is.
func (o *opener) take(ctx context.Context, e entry, prefix string, depth int) error {
	name := memberName(e.name, e.utf8)
	base := path.Base(name)
	if e.dir || strings.HasSuffix(name, "/") || strings.HasPrefix(name, "__MACOSX/") || strings.HasPrefix(base, ".") || base == "Thumbs.db" {
		return nil
	}
	if o.count >= o.lim.Members {
		return errStop
	}
	o.count++
	m := Member{Path: prefix + name}
	if e.reason != nil {
		m.Err = e.reason
		o.members = append(o.members, m)
		return nil
	}
	limit := min(o.lim.Member, o.budget)
	if e.size > o.lim.Member {
		m.Err = fmt.Errorf("%w: declares %d bytes, over the %d bytes a member may have", ErrLimit, e.size, o.lim.Member)
		o.members = append(o.members, m)
		return nil
	}
	data, err := read(e.open, limit)
	o.budget -= int64(len(data))
	switch {
	case errors.Is(err, errTooBig) && limit == o.lim.Member:
		m.Err = fmt.Errorf("%w: inflates to more than %d bytes, the most a member may have", ErrLimit, o.lim.Member)
	case errors.Is(err, errTooBig):
		o.stopAt = m.Path
		return errStop
	case err != nil:
		m.Err = fmt.Errorf("%w: %v", extract.ErrMalformed, err)
	}
	if m.Err != nil {
		o.members = append(o.members, m)
		return nil
	}
	if kind, ok := Detect(data); ok {
		if depth >= o.lim.Depth {
			m.Err = fmt.Errorf("%w: a %s archive inside %d levels of archives", ErrDepth, kind, depth)
			o.members = append(o.members, m)
			return nil
		}
		o.count-- // the archive itself is no document
		if err := o.open(ctx, kind, data, m.Path+Sep, depth+1); err != nil {
			if errors.Is(err, ErrLimit) || ctx.Err() != nil {
				return err
			}
			o.members = append(o.members, Member{Path: m.Path, Err: err})
		}
		return nil
	}
	m.Data = data
	o.members = append(o.members, m)
	return nil
}

var errTooBig = errors.New("too big")

// read reads a member, trusting no declared size: more than limit bytes is
// errTooBig.
func read(open func() (io.ReadCloser, error), limit int64) ([]byte, error) {
	rc, err := open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooBig
	}
	return data, nil
}

// memberName returns a member's name as UTF-8 with forward slashes. A name
// not flagged as UTF-8 is read as UTF-8 when it is valid UTF-8 with some
// character beyond ASCII (GBK text rarely is), else as GBK (GB18030, which
// decodes every GBK name).
func memberName(raw string, isUTF8 bool) string {
	name := raw
	if !isUTF8 && !utf8.ValidString(raw) {
		if s, err := simplifiedchinese.GB18030.NewDecoder().String(raw); err == nil {
			name = s
		} else {
			name = strings.ToValidUTF8(raw, "\uFFFD")
		}
	}
	name = strings.ReplaceAll(name, `\`, "/")
	name = strings.TrimLeft(name, "/")
	for strings.HasPrefix(name, "./") {
		name = name[2:]
	}
	return name
}
