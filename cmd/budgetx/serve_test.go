package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// budgetx serve listens on loopback, answers, and stops cleanly when
// interrupted.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	pdf := filepath.Join("..", "..", "fixtures", "docs", "seed-libreoffice.pdf")
	if code, _, errOut := budgetx(t, "ingest", "--db", db, pdf); code != 0 {
		t.Fatal(errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v", err)
	}
	go io.Copy(io.Discard, pr)
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "budgetx serve: ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("printed %q, want the loopback address", line)
	}
	for _, p := range []string{"", "documents/1", "tables/1"} {
		resp, err := http.Get(url + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "部门预算项目绩效目标表") {
			t.Errorf("GET /%s: %d", p, resp.StatusCode)
		}
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d after an interrupt, want 0", code)
	}
}
