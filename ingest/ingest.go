package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/budgetx/budgetx/extract"
	"github.com/budgetx/budgetx/extract/archive"
	"github.com/budgetx/budgetx/model"
	"github.com/budgetx/budgetx/normalize"
	"github.com/budgetx/budgetx/store"
)

// Version is the version of the extraction and normalization pipeline that
// documents.pipeline_version records. Raise it with every change that alters
// what lands in the database: TestVersionFollowsGoldens fails when the
// fixtures' golden outputs change and it does not.
const Version = 10

// Outcome says what became of one file.
type Outcome string

// The outcomes of a file.
const (
	OK        Outcome = "ok"
	Partial   Outcome = "partial"
	Failed    Outcome = "failed"
	Unchanged Outcome = "unchanged" // already stored, or a copy of a file stored in this run
	Skipped   Outcome = "skipped"   // not a document budgetx reads; nothing stored (Options.SkipUnsupported)
	// Elsewhere: another process, working on the same files into the same
	// database, claimed the file first and stored it.
	Elsewhere Outcome = "elsewhere"
)

// Options tune a run.
type Options struct {
	Jobs     int  // files worked on at once; 0 means one per CPU
	Force    bool // re-extract files the database already holds
	Outdated bool // re-extract files stored by an older pipeline Version
	// RetryFailed reads again the files stored as failed; otherwise they
	// count as failed again without being read.
	RetryFailed bool
	Timeout     time.Duration // per-document limit; 0 means none
	MaxSize     int64         // larger files fail without being read; 0 means no limit
	Log         *slog.Logger  // nil discards logs
	Progress    func(Result)  // called by the writer after each file, in input order

	// Archive bounds what is unpacked from an archive (zip, RAR, 7z); its
	// zero fields take archive's defaults.
	Archive archive.Limits

	// SkipUnsupported stores nothing for a file in a format budgetx does not
	// read (an error wrapping extract.ErrUnsupported) and reports it as
	// Skipped instead of Failed. A crawler downloads such files (HTML pages
	// behind .pdf links, Word documents) and must not count them as documents.
	SkipUnsupported bool

	// Lease is how long Run's claims on files last without renewal (they
	// are renewed every third of it): a process that dies holding a file
	// loses it to the others after this long, or at once to a process on
	// the same host. 0 takes store.DefaultLease.
	Lease time.Duration
}

// Result is what became of one file. A file that is an archive gives a
// Result for each member, and one more for the archive itself when some
// of it could not be read.
type Result struct {
	Path       string // the source: a path, a URL, or archive!/member
	Member     string // the member's path inside the archive the file came in; empty for a file itself
	SHA256     string
	Outcome    Outcome
	Err        error // why the file failed
	Pages      int
	DocumentID int64
	// Last marks the last Result of one input file, so that a progress
	// display counts files as they were given.
	Last bool
}

// Summary counts the outcomes of a run.
type Summary struct {
	Files     int
	OK        int
	Partial   int
	Failed    int
	Unchanged int
	Elsewhere int // stored by another process during the run
	Pages     int
	Elapsed   time.Duration
	// Writing is the time spent writing to the database: storing
	// documents and indexing them for search.
	Writing  time.Duration
	Failures []Result
}

func (s *Summary) add(r Result) {
	s.Files++
	s.Pages += r.Pages
	switch r.Outcome {
	case OK:
		s.OK++
	case Partial:
		s.Partial++
	case Failed:
		s.Failed++
		s.Failures = append(s.Failures, r)
	case Unchanged:
		s.Unchanged++
	case Elsewhere:
		s.Elsewhere++
	}
}

// Ingester runs the pipeline into one database.
type Ingester struct {
	db  *store.DB
	reg *extract.Registry
	opt Options
	log *slog.Logger
}

// New returns an ingester writing to db with the extractors of reg.
func New(db *store.DB, reg *extract.Registry, opt Options) *Ingester {
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.NumCPU()
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Ingester{db: db, reg: reg, opt: opt, log: log}
}

// LeftOut is a path under a folder that Collect leaves out, and why.
type LeftOut struct {
	Path, Reason string
}

// Collect expands paths into the files under them, recursively, sorted,
// leaving out hidden files and folders. Symbolic links are followed, to
// files and to folders; a folder reached a second time (a link that leads
// back up the tree) is not read again. What is left out besides hidden
// entries (links to nothing, links back, sockets and devices) comes back
// in leftOut. A path that does not exist is an error.
func Collect(paths []string) (files []string, leftOut []LeftOut, err error) {
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, nil, err
		}
		if !info.IsDir() {
			files = append(files, root)
			continue
		}
		c := collector{seen: make(map[string]bool)}
		if err := c.dir(root); err != nil {
			return nil, nil, err
		}
		sort.Strings(c.found)
		files = append(files, c.found...)
		leftOut = append(leftOut, c.leftOut...)
	}
	return files, leftOut, nil
}

// collector walks one folder given to Collect.
type collector struct {
	seen    map[string]bool // folders read, by their path with links resolved
	found   []string
	leftOut []LeftOut
}

func (c *collector) dir(path string) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if c.seen[real] {
			c.leftOut = append(c.leftOut, LeftOut{path, "a link to a folder already read"})
			return nil
		}
		c.seen[real] = true
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(path, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(p)
			if err != nil {
				c.leftOut = append(c.leftOut, LeftOut{p, "a link that leads nowhere"})
				continue
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if err := c.dir(p); err != nil {
				return err
			}
		case mode.IsRegular():
			c.found = append(c.found, p)
		default:
			c.leftOut = append(c.leftOut, LeftOut{p, "not a regular file"})
		}
	}
	return nil
}

// Prepared is a file read, extracted and normalized, ready to be stored.
type Prepared struct {
	res Result
	doc *store.Document // nil when there is nothing to write
	// held: another process holds the file's claim; Run comes back to it.
	held bool
	// claim is the claim taken while the file was extracted, until the
	// writer settles it.
	claim <-chan claim
}

// Run ingests files (see Collect). A file that fails is recorded as failed
// and the run goes on; the error returned is fatal (the database cannot be
// written, the run was cancelled). On cancellation the documents in flight
// are dropped unwritten, so running again resumes where this run stopped.
//
// Several processes may run over the same files into one database at once,
// on one machine or many: each claims a file in the database before
// extracting it, and passes over the files the others hold. When it has
// been through its files it comes back to those, and waits until each is
// stored (reported as Elsewhere) or its claim is free again because its
// holder died (and then does the work itself).
func (in *Ingester) Run(ctx context.Context, files []string) (Summary, error) {
	start := time.Now()
	claims := in.db.NewClaims(in.opt.Lease)
	defer claims.Close()
	r := &run{in: in, claims: claims, counted: make(map[string]bool), held: make(map[string][]Result),
		seen: make(map[string]bool), lastFlush: time.Now()}
	err := r.pass(ctx, files, false)
	for wait := 100 * time.Millisecond; err == nil && len(r.held) > 0; wait = min(2*wait, 2*time.Second) {
		var again []string
		if again, err = r.settleHeld(ctx); err != nil || len(again) == 0 {
			break
		}
		select {
		case <-time.After(wait):
			err = r.pass(ctx, again, true)
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	if err == nil {
		err = r.flush(ctx)
	}
	r.sum.Elapsed = time.Since(start)
	return r.sum, err
}

// run is the state of one Run.
type run struct {
	in     *Ingester
	claims *store.Claims
	sum    Summary
	// counted holds the sha256 of every file reported; held, by input
	// file, the results of files another process held when this one
	// came to them.
	counted   map[string]bool
	held      map[string][]Result
	seen      map[string]bool // stored by this run
	lastFlush time.Time
	unindexed bool // documents stored since the last flush
}

// pass prepares files concurrently and stores them in input order, so the
// database is the same whatever the number of jobs. Again marks a pass over
// files met before, which reports only the files not reported yet.
func (r *run) pass(ctx context.Context, files []string, again bool) error {
	in := r.in
	// The window bounds how far workers may run ahead of the writer.
	slots := make(chan chan []Prepared, 8*in.opt.Jobs)
	// A fatal error stops the feeder and the workers as an interrupt does.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	parent := ctx
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(in.opt.Jobs)
	go func() {
		defer close(slots)
		for _, path := range files {
			slot := make(chan []Prepared, 1)
			select {
			case slots <- slot:
			case <-gctx.Done():
				return
			}
			// The feeder reads the next file while the workers are
			// busy: Go waits for one to be free.
			f := in.read(path)
			g.Go(func() error {
				slot <- in.prepare(gctx, f, r.claims)
				return nil
			})
		}
	}()
	var werr error
write:
	for slot := range slots {
		var batch []Prepared
		select {
		case batch = <-slot:
		default:
			// The writer would wait for the workers: it indexes for
			// search meanwhile what it stored, rather than all at the end.
			if r.unindexed {
				if werr = r.flush(context.WithoutCancel(ctx)); werr != nil {
					break write
				}
			}
			batch = <-slot
		}
		if parent.Err() != nil {
			werr = parent.Err()
			break
		}
		if again {
			batch = r.unreported(batch)
		}
		for _, p := range batch {
			in.settle(ctx, &p, r.claims)
			if p.held {
				r.hold(p)
				continue
			}
			if p.doc != nil && r.seen[p.doc.SHA256] {
				p.res.Outcome, p.res.Pages, p.doc = Unchanged, 0, nil
			}
			if p.doc != nil {
				t := time.Now()
				werr = in.store(ctx, &p)
				r.sum.Writing += time.Since(t)
				if werr != nil {
					break write
				}
				if p.res.Outcome != Elsewhere {
					r.seen[p.doc.SHA256] = true
				}
				r.unindexed = true
			}
			r.count(p.res)
		}
		// A writer that never waits indexes every so often all the same.
		if r.unindexed && time.Since(r.lastFlush) > flushEvery {
			if werr = r.flush(context.WithoutCancel(ctx)); werr != nil {
				break
			}
		}
	}
	if werr != nil {
		// Drain so the feeder and workers can finish.
		stop()
		for slot := range slots {
			<-slot
		}
	}
	g.Wait()
	return werr
}

// flush indexes for search what the run stored, and counts it as writing.
func (r *run) flush(ctx context.Context) error {
	t := time.Now()
	r.unindexed, r.lastFlush = false, t
	defer func() { r.sum.Writing += time.Since(t) }()
	return r.in.Flush(ctx)
}

// count reports a result and adds it to the summary.
func (r *run) count(res Result) {
	if res.SHA256 != "" {
		r.counted[res.SHA256] = true
	}
	r.in.report(res)
	r.sum.add(res)
}

// hold notes a file another process holds, to come back to it, under the
// input file it came in: itself, or the archive it is a member of.
func (r *run) hold(p Prepared) {
	file := strings.TrimSuffix(p.res.Path, archive.Sep+p.res.Member)
	if p.res.Member == "" {
		file = p.res.Path
	}
	r.held[file] = append(r.held[file], p.res)
}

// unreported keeps, of a file met again, the results of the files not
// reported yet (those held before); the last one kept ends the file.
func (r *run) unreported(batch []Prepared) []Prepared {
	var out []Prepared
	for _, p := range batch {
		if p.res.SHA256 == "" || !r.counted[p.res.SHA256] {
			if p.res.Outcome == Unchanged && !p.held {
				p.res.Outcome = Elsewhere // stored by its holder meanwhile
			}
			out = append(out, p)
		}
	}
	if len(out) > 0 {
		out[len(out)-1].res.Last = true
	}
	return out
}

// settleHeld reports, as Elsewhere, the held files that their holders
// have stored, and returns the input files that still hold some not stored.
func (r *run) settleHeld(ctx context.Context) ([]string, error) {
	var again []string
	for _, file := range slices.Sorted(maps.Keys(r.held)) {
		results := r.held[file]
		var waiting []Result
		for _, res := range results {
			_, found, err := r.in.db.Lookup(ctx, res.SHA256)
			if err != nil {
				return nil, err
			}
			if found && !r.counted[res.SHA256] {
				res.Outcome, res.Err = Elsewhere, nil
				r.count(res)
			} else if !found {
				waiting = append(waiting, res)
			}
		}
		delete(r.held, file)
		if len(waiting) > 0 {
			again = append(again, file)
		}
	}
	return again, ctx.Err()
}

// flushEvery is how often a writer that never waits for the workers
// indexes what it stored.
const flushEvery = time.Second

// Flush brings the database's full-text index up to date with the
// documents stored so far. Run flushes when it finishes; callers of Bytes
// flush when they are done with a batch.
func (in *Ingester) Flush(ctx context.Context) error {
	n, err := in.db.IndexSearch(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		in.log.Debug("search index updated", "tables_and_projects", n)
	}
	return nil
}

func (in *Ingester) report(r Result) {
	switch r.Outcome {
	case Failed:
		in.log.Warn("file failed", "file", r.Path, "err", r.Err)
		if d := detail(r.Err); d != "" {
			in.log.Debug("where it failed", "file", r.Path, "stack", d)
		}
	case Unchanged:
		in.log.Debug("file unchanged", "file", r.Path)
	case Skipped:
		in.log.Debug("file skipped", "file", r.Path, "reason", r.Err)
	default:
		in.log.Debug("file stored", "file", r.Path, "status", r.Outcome, "pages", r.Pages)
	}
	if in.opt.Progress != nil {
		in.opt.Progress(r)
	}
}

// input is a file read, and hashed, for prepare.
type input struct {
	path string
	data []byte
	sum  [sha256.Size]byte
	err  error // reading it, or its size past MaxSize
}

// read reads and hashes the file at path.
func (in *Ingester) read(path string) input {
	f := input{path: path}
	if in.opt.MaxSize > 0 {
		if info, err := os.Stat(path); err == nil && info.Size() > in.opt.MaxSize {
			f.err = fmt.Errorf("%s: %d MB is over the %d MB limit (--max-size)", path, info.Size()>>20, in.opt.MaxSize>>20)
			return f
		}
	}
	if f.data, f.err = os.ReadFile(path); f.err == nil {
		f.sum = sha256.Sum256(f.data)
	}
	return f
}

// prepare extracts and normalizes one file, or the members of an archive,
// each claimed in claims as it is extracted.
func (in *Ingester) prepare(ctx context.Context, f input, claims *store.Claims) []Prepared {
	if f.err != nil {
		// Without the bytes there is no sha256 to key a documents row.
		return []Prepared{{res: Result{Path: f.path, Last: true, Outcome: Failed, Err: f.err}}}
	}
	return in.prepareFile(ctx, f.path, f.data, f.sum, in.opt.Archive, claims)
}

// Bytes ingests one file that the caller has read (or fetched) itself, or
// the members of an archive; it returns what became of each.
func (in *Ingester) Bytes(ctx context.Context, source string, data []byte) ([]Result, error) {
	var out []Result
	for _, p := range in.Prepare(ctx, source, data, in.opt.Archive) {
		r, err := in.Store(ctx, p)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Prepare reads, extracts and normalizes one file the caller has read or
// fetched: the file itself, or each member of an archive within lim, and
// the archive as a failed document when some of it could not be read.
// Store then writes each. The two are apart so that a caller with several
// sources can prepare files concurrently and store them one at a time.
func (in *Ingester) Prepare(ctx context.Context, source string, data []byte, lim archive.Limits) []*Prepared {
	ps := in.prepareFile(ctx, source, data, sha256.Sum256(data), lim, nil)
	out := make([]*Prepared, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}

// Result returns what became, or will become, of a prepared file.
func (p *Prepared) Result() Result { return p.res }

// prepareFile prepares a file whose sha256 is sum, or the members of the
// archive it is. With claims, each file is claimed as it is extracted; one
// that another process holds is left (Prepared.held).
func (in *Ingester) prepareFile(ctx context.Context, source string, data []byte, sum [sha256.Size]byte, lim archive.Limits, claims *store.Claims) []Prepared {
	var ps []Prepared
	if kind, ok := archive.Detect(data); ok {
		ps = in.prepareArchive(ctx, source, data, sum, kind, lim, claims)
	} else {
		ps = []Prepared{in.prepareBytes(ctx, source, data, sum, claims)}
	}
	ps[len(ps)-1].res.Last = true
	return ps
}

// prepareArchive prepares each member of an archive as a file of its own,
// named archive!/member and keyed by its own sha256, so that a second run
// finds every member stored and repeats no extraction. An archive that
// cannot be opened, or some of whose members cannot be read (damaged,
// encrypted, past the limits), is also stored as one failed document, keyed
// by the archive's sha256, whose error names each member that failed; run
// again, it counts as failed without being opened, unless RetryFailed.
func (in *Ingester) prepareArchive(ctx context.Context, source string, data []byte, sum [sha256.Size]byte, kind archive.Kind, lim archive.Limits, claims *store.Claims) []Prepared {
	res := Result{Path: source, SHA256: hex.EncodeToString(sum[:])}
	if !in.opt.Force && !in.opt.RetryFailed {
		k, found, err := in.db.Lookup(ctx, res.SHA256)
		switch {
		case err != nil:
			res.Outcome, res.Err = Failed, err
			return []Prepared{{res: res}}
		case found && k.Status == store.StatusFailed:
			res.Outcome, res.Err = Failed, fmt.Errorf("%s (stored earlier; --retry-failed reads it again)", k.Error)
			return []Prepared{{res: res}}
		}
	}
	members, err := archive.Open(ctx, data, lim)
	if ctx.Err() != nil {
		res.Outcome, res.Err = Failed, ctx.Err()
		return []Prepared{{res: res}}
	}
	var out []Prepared
	var problems []string
	if err != nil {
		problems = append(problems, err.Error())
	}
	for _, m := range members {
		if m.Err != nil {
			problems = append(problems, m.Path+": "+m.Err.Error())
			continue
		}
		p := in.prepareBytes(ctx, source+archive.Sep+m.Path, m.Data, sha256.Sum256(m.Data), claims)
		p.res.Member = m.Path
		out = append(out, p)
		if ctx.Err() != nil {
			return out
		}
	}
	if len(out) == 0 && len(problems) == 0 {
		problems = append(problems, "the archive holds no files")
	}
	if len(problems) > 0 {
		res.Outcome = Failed
		res.Err = fmt.Errorf("%s: %s archive: %s", source, kind, strings.Join(problems, "; "))
		doc := &store.Document{SHA256: res.SHA256, Source: source, Format: model.Format(kind), Size: int64(len(data)),
			Status: store.StatusFailed, Error: res.Err.Error(), PipelineVersion: Version}
		out = append(out, Prepared{res: res, doc: doc})
	}
	return out
}

// Store writes a prepared file and reports what became of it; the error is
// fatal (the database cannot be written).
func (in *Ingester) Store(ctx context.Context, p *Prepared) (Result, error) {
	if p.doc != nil {
		if err := in.store(ctx, p); err != nil {
			return p.res, err
		}
	}
	in.report(p.res)
	return p.res, nil
}

// store writes a prepared document. A document the database rejects (its
// records break a constraint) is stored as failed with the reason, and the
// batch goes on; only an error of the database itself is returned. Once
// begun, the write finishes even when ctx is cancelled.
func (in *Ingester) store(ctx context.Context, p *Prepared) error {
	ctx = context.WithoutCancel(ctx)
	id, err := in.db.Put(ctx, p.doc)
	if errors.Is(err, store.ErrClaimLost) {
		// This process stalled past its lease and another took the file
		// over: it is the other's to store.
		in.log.Warn("file taken over by another process", "file", p.res.Path)
		p.res.Outcome, p.res.Err, p.res.Pages = Elsewhere, nil, 0
		return nil
	}
	if errors.Is(err, store.ErrRejected) {
		failed := *p.doc
		failed.Status, failed.Error, failed.Records, failed.Claim = store.StatusFailed, err.Error(), nil, ""
		p.res.Outcome, p.res.Err, p.res.Pages = Failed, err, 0
		id, err = in.db.Put(ctx, &failed)
	}
	if err != nil {
		return err
	}
	p.res.DocumentID = id
	return nil
}

// prepareBytes turns the bytes of one file, read from source, whose sha256
// is sum, into what the writer stores. With claims, a file another process
// holds is left to it, and the file is claimed while it is extracted (the
// writer settles the claim).
func (in *Ingester) prepareBytes(ctx context.Context, source string, data []byte, sum [sha256.Size]byte, claims *store.Claims) Prepared {
	res := Result{Path: source, SHA256: hex.EncodeToString(sum[:])}
	if p, done := in.known(ctx, res); done {
		return p
	}
	doc := &store.Document{
		SHA256: res.SHA256, Source: source, Size: int64(len(data)), PipelineVersion: Version,
	}
	var claimed <-chan claim
	if claims != nil {
		switch _, held, err := claims.Held(ctx, store.ClaimFile, res.SHA256); {
		case err != nil:
			res.Outcome, res.Err = Failed, err
			return Prepared{res: res}
		case held:
			return Prepared{res: res, held: true}
		}
		claimed = take(ctx, claims, res.SHA256)
		doc.Claim = claims.Token()
	}
	rec, format, err := in.process(ctx, extract.File{Name: source, Data: data})
	doc.Format = format
	switch {
	case ctx.Err() != nil:
		res.Outcome, res.Err = Failed, ctx.Err()
		return Prepared{res: res} // cancelled: store nothing
	case err != nil && in.opt.SkipUnsupported && errors.Is(err, extract.ErrUnsupported):
		res.Outcome, res.Err = Skipped, err
		return Prepared{res: res}
	case err != nil:
		doc.Status, doc.Error, doc.ErrorDetail = store.StatusFailed, err.Error(), detail(err)
		res.Outcome, res.Err = Failed, err
	case partial(rec):
		doc.Status, doc.Records = store.StatusPartial, rec
		res.Outcome, res.Pages = Partial, rec.Info.Pages
	default:
		doc.Status, doc.Records = store.StatusOK, rec
		res.Outcome, res.Pages = OK, rec.Info.Pages
	}
	return Prepared{res: res, doc: doc, claim: claimed}
}

// settle waits for the claim taken while p was extracted. A file another
// process claimed first is left to it, one it stored meanwhile is counted
// so. The writer settles claims, not the workers: on SQLite, taking a claim
// waits for the writer's transaction, which a worker need not.
func (in *Ingester) settle(ctx context.Context, p *Prepared, claims *store.Claims) {
	if p.claim == nil {
		return
	}
	c := <-p.claim
	p.claim = nil
	base := Result{Path: p.res.Path, SHA256: p.res.SHA256, Member: p.res.Member, Last: p.res.Last}
	switch {
	case c.err != nil:
		base.Outcome, base.Err = Failed, c.err
		*p = Prepared{res: base}
	case !c.ok:
		// Another process claimed it since Held looked: the work is its
		// to store.
		*p = Prepared{res: base, held: true}
	default:
		// Another process may have stored it since it was looked up.
		if k, done := in.known(ctx, base); done {
			claims.Release(ctx, store.ClaimFile, base.SHA256)
			*p = k
		}
	}
}

// claim is the outcome of taking a claim.
type claim struct {
	ok  bool
	err error
}

// take claims a file in the background. Taking a claim writes to the
// database, so on SQLite it waits until the writer's transaction ends;
// the file is extracted meanwhile rather than after.
func take(ctx context.Context, claims *store.Claims, sha string) <-chan claim {
	out := make(chan claim, 1)
	go func() {
		ok, _, err := claims.Take(ctx, store.ClaimFile, sha)
		out <- claim{ok, err}
	}()
	return out
}

// known settles a file the database already holds, unless the options ask
// for it again; done is false when there is work to do.
func (in *Ingester) known(ctx context.Context, res Result) (p Prepared, done bool) {
	if in.opt.Force {
		return Prepared{}, false
	}
	k, found, err := in.db.Lookup(ctx, res.SHA256)
	switch {
	case err != nil:
		res.Outcome, res.Err = Failed, err
	case !found, in.opt.Outdated && k.PipelineVersion < Version, in.opt.RetryFailed && k.Status == store.StatusFailed:
		return Prepared{}, false
	case k.Status == store.StatusFailed:
		// Still failed: counted so, without reading the file again.
		res.Outcome, res.Err = Failed, fmt.Errorf("%s (stored earlier; --retry-failed reads it again)", k.Error)
	default:
		res.Outcome = Unchanged
	}
	return Prepared{res: res}, true
}

// process extracts and normalizes f within the per-document time limit.
// The work runs in its own goroutine so that a file stuck inside one page
// cannot hold the batch past its deadline.
func (in *Ingester) process(ctx context.Context, f extract.File) (*model.Records, model.Format, error) {
	if in.opt.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, in.opt.Timeout)
		defer cancel()
	}
	type outcome struct {
		rec    *model.Records
		format model.Format
		err    error
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if p := recover(); p != nil {
				o.err = fmt.Errorf("%s: %w", f.Name, extract.NewPanic(p))
			}
			done <- o
		}()
		doc, err := in.reg.Extract(ctx, f)
		if err != nil {
			o.err = err
			return
		}
		o.format = doc.Format
		o.rec = normalize.Document(doc)
	}()
	select {
	case o := <-done:
		if o.err != nil && errors.Is(o.err, context.DeadlineExceeded) {
			o.err = fmt.Errorf("%s: gave up after %v", f.Name, in.opt.Timeout)
		}
		return o.rec, o.format, o.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, "", fmt.Errorf("%s: gave up after %v: %w", f.Name, in.opt.Timeout, ctx.Err())
		}
		return nil, "", ctx.Err()
	}
}

// detail is what a stored error keeps beside its message: the stack of a
// panic, which tells a developer where the code failed; empty for others.
func detail(err error) string {
	var pe *extract.Panic
	if errors.As(err, &pe) {
		return string(pe.Stack)
	}
	return ""
}

// partial reports whether extraction lost part of the document: an
// extractor records lost pages as findings of severity error.
func partial(rec *model.Records) bool {
	for _, f := range rec.Findings {
		if f.Severity == model.SevError {
			return true
		}
	}
	return false
}
