package xlsx

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetx/budgetx/extract"
)

// writeBig writes a project table of n rows with excelize's stream writer.
func writeBig(b *testing.B, path string, n int) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.MergeCell("A1", "I1")
	sw.SetRow("A1", []any{"2026年项目支出预算表"})
	sw.SetRow("A2", []any{"单位：元"})
	sw.SetRow("A3", []any{"科目编码", "项目名称", "合计", "财政拨款", "其他资金", "指标", "性质", "指标值", "序号"})
	for r := 4; r < n+4; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		row := []any{fmt.Sprintf("2080%03d", r%1000), "公益性岗位补贴项目", 68223.4, float64(r) * 1.01, r % 977, "岗位补贴人数", "≥", "95%", r}
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExtract100kRows reads a generated sheet of 100,000 rows. Besides
// time it reports the processor time of an extraction, which a busy shared
// machine does not inflate as it does wall time, and the highest peak
// resident memory of the process during one extraction (the memory of the
// previous one is returned first).
func BenchmarkExtract100kRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.xlsx")
	writeBig(b, path, 100_000)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var cpu time.Duration
	var peak float64
	for b.Loop() {
		b.StopTimer()
		debug.FreeOSMemory()
		resetPeakRSS()
		start := cpuTime()
		b.StartTimer()
		doc, err := New().Extract(context.Background(), extract.File{Name: "big.xlsx", Data: data})
		b.StopTimer()
		cpu += cpuTime() - start
		peak = max(peak, peakRSS())
		if err != nil {
			b.Fatal(err)
		}
		if rows := len(doc.Pages[0].Tables[0].Rows); rows != 100_001 {
			b.Fatalf("%d rows, want 100,001", rows)
		}
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	if peak > 0 {
		b.ReportMetric(peak, "peak-RSS-MB")
	}
}

// resetPeakRSS starts a new peak resident set size measurement (Linux).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS returns the peak resident set size in MB since the last reset,
// or 0 where /proc does not say.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// cpuTime returns the processor time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
