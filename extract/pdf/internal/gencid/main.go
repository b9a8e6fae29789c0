// Command gencid turns a CID-to-Unicode list, one hexadecimal code point
// per line with the line number as the CID (the format of poppler-data's
// /usr/share/poppler/cidToUnicode/Adobe-GB1), into the compact table the
// PDF reader embeds: three big-endian bytes per CID, 0 where a CID has no
// Unicode value.
//
//	go run ./internal/gencid -in /usr/share/poppler/cidToUnicode/Adobe-GB1 -out adobe-gb1.bin
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

func main() {
	in := flag.String("in", "/usr/share/poppler/cidToUnicode/Adobe-GB1", "CID-to-Unicode list")
	out := flag.String("out", "adobe-gb1.bin", "table to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencid:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var table []byte
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		var v uint64
		if s != "" {
			// A CID mapped to several code points keeps the first.
			v, err = strconv.ParseUint(strings.Fields(s)[0], 16, 32)
			if err != nil || v > 0xFFFFFF {
				return fmt.Errorf("%s:%d: bad code point %q", in, line, s)
			}
		}
		table = append(table, byte(v>>16), byte(v>>8), byte(v))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return os.WriteFile(out, table, 0o644)
}
