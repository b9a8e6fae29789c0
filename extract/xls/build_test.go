package xls

import (
	"bytes"
	"encoding/binary"
	"math"
	"unicode/utf16"
)

// This file builds small BIFF8 workbooks and OLE2 containers for the
// tests, since no Go library writes .xls.

// biff writes BIFF records.
type biff struct{ bytes.Buffer }

func (b *biff) rec(typ uint16, parts ...[]byte) {
	var data []byte
	for _, p := range parts {
		data = append(data, p...)
	}
	binary.Write(&b.Buffer, binary.LittleEndian, typ)
	binary.Write(&b.Buffer, binary.LittleEndian, uint16(len(data)))
	b.Write(data)
}

func u8(v int) []byte  { return []byte{byte(v)} }
func u16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func u32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }
func f64(v float64) []byte {
	return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v))
}

// wide encodes s as UTF-16LE.
func wide(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// xlstr is an XLUnicodeString with a 16-bit count, stored wide.
func xlstr(s string) []byte {
	return append(append(u16(len(utf16.Encode([]rune(s)))), 1), wide(s)...)
}

// shortStr is a ShortXLUnicodeString (an 8-bit count), stored wide.
func shortStr(s string) []byte {
	return append([]byte{byte(len(utf16.Encode([]rune(s)))), 1}, wide(s)...)
}

// rkInt encodes an integer as an RK value, x100 when cents is set.
func rkInt(n int, cents bool) []byte {
	v := uint32(n)<<2 | 2
	if cents {
		v |= 1
	}
	return u32(int(v))
}

// cfb packs streams (name → bytes) into an OLE2 compound file of 512-byte
// sectors. Streams are padded to 4096 bytes so that they live in regular
// sectors and the file needs no mini stream.
func cfb(names []string, streams map[string][]byte) []byte {
	const sector = 512
	const (
		endOfChain = 0xFFFFFFFE
		fatSect    = 0xFFFFFFFD
		free       = 0xFFFFFFFF
		noStream   = 0xFFFFFFFF
	)
	fat := []uint32{fatSect, endOfChain} // sector 0: the FAT, 1: the directory
	var body []byte
	starts := map[string]int{}
	sizes := map[string]int{}
	for _, name := range names {
		data := streams[name]
		size := max(len(data), 4096)
		padded := make([]byte, (size+sector-1)/sector*sector)
		copy(padded, data)
		first := len(fat)
		n := len(padded) / sector
		for i := 0; i < n; i++ {
			if i == n-1 {
				fat = append(fat, endOfChain)
			} else {
				fat = append(fat, uint32(first+i+1))
			}
		}
		starts[name], sizes[name] = first, size
		body = append(body, padded...)
	}
	for len(fat) < sector/4 {
		fat = append(fat, free)
	}
	header := make([]byte, sector)
	copy(header, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	le := binary.LittleEndian
	le.PutUint16(header[24:], 0x003E)
	le.PutUint16(header[26:], 3)
	le.PutUint16(header[28:], 0xFFFE)
	le.PutUint16(header[30:], 9)
	le.PutUint16(header[32:], 6)
	le.PutUint32(header[44:], 1) // FAT sectors
	le.PutUint32(header[48:], 1) // first directory sector
	le.PutUint32(header[56:], 4096)
	le.PutUint32(header[60:], endOfChain)
	le.PutUint32(header[68:], endOfChain)
	le.PutUint32(header[76:], 0) // DIFAT[0]: the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(header[76+4*i:], free)
	}
	fatSector := make([]byte, sector)
	for i, v := range fat {
		le.PutUint32(fatSector[4*i:], v)
	}
	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, left, right, child uint32, start, size int) {
		e := dir[128*i:]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			le.PutUint16(e[2*k:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], left)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], uint32(start))
		le.PutUint32(e[120:], uint32(size))
	}
	entry(0, "Root Entry", 5, noStream, noStream, 1, endOfChain, 0)
	for i, name := range names {
		right := uint32(noStream)
		if i+2 <= len(names) {
			right = uint32(i + 2)
		}
		entry(i+1, name, 2, noStream, right, noStream, starts[name], sizes[name])
	}
	out := append(header, fatSector...)
	out = append(out, dir...)
	return append(out, body...)
}

// workbook builds a BIFF8 workbook: globals with number formats, a shared
// string table split over a CONTINUE record in the middle of a string, a
// visible and a hidden sheet; and a sheet with every kind of cell record,
// merged ranges, a hidden row and a hidden column.
func workbook() []byte {
	sst := []string{"2026年部门收支总表", "单位：元", "项目", "预算数", "其中：人员经费", "合计", "注：本表为空", "项目支出绩效"}
	var g biff
	g.rec(recBOF, u16(0x0600), u16(0x0005), u32(0), u32(0))
	g.rec(recDateMode, u16(0))
	g.rec(recFormat, u16(164), xlstr(`yyyy"年"m"月"d"日"`))
	for _, ifmt := range []int{0, 0, 10, 164, 4} { // XF 0..4: general, general, 0.00%, date, #,##0.00
		g.rec(recXF, u16(0), u16(ifmt), make([]byte, 16))
	}
	// The SST: every string wide; the last one is cut after two characters
	// and goes on in a CONTINUE record that opens with a fresh option byte
	// saying the rest is stored one byte a character.
	var payload []byte
	payload = append(payload, u32(len(sst))...)
	payload = append(payload, u32(len(sst))...)
	for _, s := range sst[:len(sst)-1] {
		payload = append(payload, xlstr(s)...)
	}
	last := "绩效ABC"
	payload = append(payload, u16(5)...)
	payload = append(payload, 1)
	payload = append(payload, wide("绩效")...)
	g.rec(recSST, payload)
	g.rec(recContinue, []byte{0}, []byte("ABC"))
	sst[len(sst)-1] = last
	bsPos := g.Len()
	g.rec(recBoundSheet, u32(0), u8(0), u8(0), shortStr("收支总表"))
	g.rec(recBoundSheet, u32(0), u8(1), u8(0), shortStr("隐藏表"))
	g.rec(recEOF)

	var s biff
	s.rec(recBOF, u16(0x0600), u16(0x0010), u32(0), u32(0))
	s.rec(recColInfo, u16(5), u16(5), u16(0), u16(0), u16(1), u16(0)) // column F hidden
	s.rec(recRow, u16(4), u16(0), u16(3), u16(255), u16(0), u16(0), u16(0x20), u16(0))
	s.rec(recLabelSST, u16(0), u16(0), u16(0), u32(0))
	s.rec(recLabelSST, u16(1), u16(3), u16(0), u32(1))
	s.rec(recLabelSST, u16(2), u16(0), u16(0), u32(2))
	s.rec(recLabelSST, u16(2), u16(1), u16(0), u32(3))
	s.rec(recLabel, u16(2), u16(2), u16(0), xlstr("比例"))
	s.rec(recLabel, u16(2), u16(3), u16(0), xlstr("日期"))
	s.rec(recLabelSST, u16(2), u16(5), u16(0), u32(5)) // in the hidden column
	s.rec(recLabelSST, u16(3), u16(0), u16(0), u32(4))
	s.rec(recNumber, u16(3), u16(1), u16(4), f64(68223.399999999994))
	s.rec(recNumber, u16(3), u16(2), u16(2), f64(0.0955)) // as a percentage
	s.rec(recNumber, u16(3), u16(3), u16(3), f64(46387))
	s.rec(recLabelSST, u16(4), u16(0), u16(0), u32(5)) // the hidden row
	s.rec(recLabelSST, u16(5), u16(0), u16(0), u32(7))
	s.rec(recMulRK, u16(5), u16(1), u16(0), rkInt(12345, true), u16(0), rkInt(-7, false), u16(2))
	s.rec(recLabel, u16(5), u16(3), u16(0), xlstr("跨两列"))
	s.rec(recFormula, u16(6), u16(0), u16(0), []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, u16(0), u32(0), u16(0))
	s.rec(recString, xlstr("小计"))
	s.rec(recFormula, u16(6), u16(1), u16(0), f64(1734952.06), u16(0), u32(0), u16(0))
	s.rec(recBoolErr, u16(6), u16(2), u16(0), u8(0x07), u8(1))
	s.rec(recBoolErr, u16(6), u16(3), u16(0), u8(1), u8(0))
	s.rec(recLabelSST, u16(8), u16(0), u16(0), u32(6))
	s.rec(recLabelSST, u16(9), u16(0), u16(0), u32(99)) // past the SST: lost
	s.rec(recMergedCells, u16(2), u16(0), u16(0), u16(0), u16(3), u16(5), u16(5), u16(3), u16(4))
	// A chart embedded in the sheet: its records are not the sheet's.
	s.rec(recBOF, u16(0x0600), u16(0x0020), u32(0), u32(0))
	s.rec(recLabel, u16(9), u16(0), u16(0), xlstr("图表"))
	s.rec(recEOF)
	s.rec(recEOF)

	var h biff
	h.rec(recBOF, u16(0x0600), u16(0x0010), u32(0), u32(0))
	h.rec(recLabel, u16(0), u16(0), u16(0), xlstr("不显示"))
	h.rec(recEOF)

	out := g.Bytes()
	binary.LittleEndian.PutUint32(out[bsPos+4:], uint32(len(out)))
	second := bsPos + 4 + int(binary.LittleEndian.Uint16(out[bsPos+2:]))
	binary.LittleEndian.PutUint32(out[second+4:], uint32(len(out)+s.Len()))
	out = append(out, s.Bytes()...)
	return append(out, h.Bytes()...)
}
