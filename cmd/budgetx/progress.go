package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/budgetx/budgetx/ingest"
)

// progress shows how an ingest advances: a bar with files, pages, rate and
// time left when stderr is a terminal; otherwise a log line every few
// seconds, so logs of long batch jobs stay readable.
type progress struct {
	total  int
	start  time.Time
	files  int
	pages  int
	failed int
	bar    *progressbar.ProgressBar
	log    *slog.Logger
	every  time.Duration
	last   time.Time
}

func newProgress(stderr io.Writer, log *slog.Logger, total int) *progress {
	p := &progress{total: total, start: time.Now(), log: log, every: 5 * time.Second}
	p.last = p.start
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && total > 1 {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("files"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// add records one finished file; the ingest's writer calls it in order.
// add counts a result. Files advance with the last result of each (an
// archive gives one per member); pages and failures with every result.
func (p *progress) add(r ingest.Result) {
	p.pages += r.Pages
	if r.Outcome == ingest.Failed {
		p.failed++
	}
	if r.Last {
		p.files++
	}
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("ingest: %d pages, %d failed", p.pages, p.failed))
		if r.Last {
			p.bar.Add(1)
		}
		return
	}
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		elapsed := now.Sub(p.start)
		rate := float64(p.files) / elapsed.Seconds()
		left := time.Duration(float64(p.total-p.files) / rate * float64(time.Second))
		p.log.Info("ingest progress", "files", fmt.Sprintf("%d/%d", p.files, p.total), "pages", p.pages,
			"failed", p.failed, "files_per_s", fmt.Sprintf("%.1f", rate), "eta", left.Round(time.Second))
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
