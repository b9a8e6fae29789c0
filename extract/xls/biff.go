package xls

import (
	"encoding/binary"
	"errors"
	"math"
	"unicode/utf16"
)

// Record types used by the reader.
const (
	recFormula     = 0x0006
	recEOF         = 0x000A
	recDateMode    = 0x0022
	recFilePass    = 0x002F
	recContinue    = 0x003C
	recColInfo     = 0x007D
	recBoundSheet  = 0x0085
	recMulRK       = 0x00BD
	recXF          = 0x00E0
	recMergedCells = 0x00E5
	recSST         = 0x00FC
	recLabelSST    = 0x00FD
	recNumber      = 0x0203
	recLabel       = 0x0204
	recBoolErr     = 0x0205
	recString      = 0x0207
	recRow         = 0x0208
	recRK          = 0x027E
	recFormat      = 0x041E
	recBOF         = 0x0809
)

var errShort = errors.New("record too short")

// record is one BIFF record with the payloads of the CONTINUE records that
// follow it joined on; bounds holds where each CONTINUE payload starts,
// because strings that cross into one restart with an option byte.
type record struct {
	typ    uint16
	data   []byte
	bounds []int
}

// stream reads records from a workbook stream.
type stream struct {
	b []byte
	i int
}

// next returns the record at the current position, joined with its
// CONTINUE records, or false at the end or at a broken record.
func (s *stream) next() (record, bool) {
	if s.i+4 > len(s.b) {
		return record{}, false
	}
	typ := binary.LittleEndian.Uint16(s.b[s.i:])
	n := int(binary.LittleEndian.Uint16(s.b[s.i+2:]))
	if s.i+4+n > len(s.b) {
		return record{}, false
	}
	r := record{typ: typ, data: s.b[s.i+4 : s.i+4+n]}
	s.i += 4 + n
	for s.i+4 <= len(s.b) && binary.LittleEndian.Uint16(s.b[s.i:]) == recContinue && typ != recContinue {
		m := int(binary.LittleEndian.Uint16(s.b[s.i+2:]))
		if s.i+4+m > len(s.b) {
			break
		}
		if r.bounds == nil {
			r.data = append([]byte(nil), r.data...) // do not write into the stream
		}
		r.bounds = append(r.bounds, len(r.data))
		r.data = append(r.data, s.b[s.i+4:s.i+4+m]...)
		s.i += 4 + m
	}
	return r, true
}

// reader reads the fields of one record.
type reader struct {
	r   record
	i   int
	err error
}

func (d *reader) need(n int) bool {
	if d.err == nil && d.i+n > len(d.r.data) {
		d.err = errShort
	}
	return d.err == nil
}

func (d *reader) u8() int {
	if !d.need(1) {
		return 0
	}
	d.i++
	return int(d.r.data[d.i-1])
}

func (d *reader) u16() int {
	if !d.need(2) {
		return 0
	}
	d.i += 2
	return int(binary.LittleEndian.Uint16(d.r.data[d.i-2:]))
}

func (d *reader) u32() uint32 {
	if !d.need(4) {
		return 0
	}
	d.i += 4
	return binary.LittleEndian.Uint32(d.r.data[d.i-4:])
}

func (d *reader) f64() float64 {
	if !d.need(8) {
		return 0
	}
	d.i += 8
	return math.Float64frombits(binary.LittleEndian.Uint64(d.r.data[d.i-8:]))
}

func (d *reader) skip(n int) {
	if n < 0 {
		d.err = errShort
	}
	if d.need(n) {
		d.i += n
	}
}

// str reads an XLUnicodeRichExtendedString (the form of SST entries, and
// of LABEL and STRING records when rich is false and ext false): a count of
// characters whose width (one byte or two) may change where the string
// crosses into a CONTINUE record. cch8 reads a one-byte count, as sheet
// names have.
func (d *reader) str(cch8 bool) string {
	var n int
	if cch8 {
		n = d.u8()
	} else {
		n = d.u16()
	}
	flags := d.u8()
	var runs, ext int
	if flags&0x08 != 0 {
		runs = d.u16()
	}
	if flags&0x04 != 0 {
		ext = int(d.u32())
	}
	s := d.chars(n, flags&0x01 != 0)
	d.skip(4 * runs)
	d.skip(ext)
	return s
}

// chars reads n characters, one byte each (Latin-1) or two (UTF-16LE),
// reading a fresh option byte at each CONTINUE boundary it meets.
func (d *reader) chars(n int, wide bool) string {
	var units []uint16
	for n > 0 && d.err == nil {
		end := len(d.r.data)
		for _, b := range d.r.bounds {
			if b >= d.i {
				end = b
				break
			}
		}
		w := 1
		if wide {
			w = 2
		}
		k := min(n, (end-d.i)/w)
		if k == 0 {
			if d.i != end || end == len(d.r.data) {
				d.err = errShort
				break
			}
			wide = d.u8()&0x01 != 0 // the option byte that opens a CONTINUE
			continue
		}
		for j := 0; j < k; j++ {
			if wide {
				units = append(units, binary.LittleEndian.Uint16(d.r.data[d.i+2*j:]))
			} else {
				units = append(units, uint16(d.r.data[d.i+j]))
			}
		}
		d.i += k * w
		n -= k
	}
	return string(utf16.Decode(units))
}

// rk decodes an RK number: a 30-bit integer or the top 30 bits of a
// float64, perhaps divided by 100.
func rk(v uint32) float64 {
	var x float64
	if v&0x02 != 0 {
		x = float64(int32(v) >> 2)
	} else {
		x = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&0x01 != 0 {
		x /= 100
	}
	return x
}
