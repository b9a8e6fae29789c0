package pdf

import (
	"errors"
	"fmt"
)

// This file reads content streams: operands and operators, as the
// walker's op takes them. The library's interpreter is a PostScript
// reader for CMaps too; a content stream needs less of it, and reading
// the decoded bytes here takes less than half its time, decodes each
// stream once, and stops at damage with an error instead of a panic (or,
// on a hex string that runs to the end of the stream, a loop without
// end).

// operand is an operand of a content-stream operator.
type operand struct {
	kind operandKind
	num  float64
	s    string    // a name without its slash, or a string's bytes
	arr  []operand // an array's elements
}

type operandKind uint8

const (
	opOther  operandKind = iota // a dictionary, a boolean, null
	opNumber                    // an integer or a real
	opName
	opString
	opArray
)

// Float64 returns a number's value, or 0 for any other operand.
func (o operand) Float64() float64 {
	if o.kind == opNumber {
		return o.num
	}
	return 0
}

// Name returns a name's text, or "".
func (o operand) Name() string {
	if o.kind == opName {
		return o.s
	}
	return ""
}

// RawString returns a string's bytes, or "".
func (o operand) RawString() string {
	if o.kind == opString {
		return o.s
	}
	return ""
}

// operands is the operand stack of a content stream.
type operands []operand

// Len returns how many operands wait on the stack.
func (s *operands) Len() int { return len(*s) }

// Pop removes and returns the top operand; on an empty stack, the zero
// operand, which reads as 0, "" and no elements.
func (s *operands) Pop() operand {
	n := len(*s)
	if n == 0 {
		return operand{}
	}
	o := (*s)[n-1]
	*s = (*s)[:n-1]
	return o
}

// maxElements bounds one array's elements: more is no content a producer
// writes.
const maxElements = 1 << 16

var errContent = errors.New("content stream")

// interpret reads a decoded content stream with the lexer CMaps are read
// with, and calls do for each operator with the operands before it on the
// stack. It forgives what a content stream's reader may: brackets opened
// past maxNesting are not opened, a stray closing bracket is passed over,
// and an operator inside an open array or dictionary closes it. Inline
// images (BI … ID … EI) are passed to do as BI alone, their data skipped.
// It stops at the first token the lexer cannot read (a string that does
// not end, a bad hex digit or escape), with an error that says what and
// where; what came before has been done.
func interpret(data []byte, do func(stk *operands, op string)) error {
	lx := lexer{data: data}
	var (
		stk   operands
		opens []operand // arrays and dictionaries open, outermost first
	)
	add := func(o operand) {
		if n := len(opens); n > 0 {
			if len(opens[n-1].arr) < maxElements {
				opens[n-1].arr = append(opens[n-1].arr, o)
			}
			return
		}
		stk = append(stk, o)
	}
	closeOne := func() {
		o := opens[len(opens)-1]
		opens = opens[:len(opens)-1]
		if o.kind == opOther {
			o.arr = nil // the walker needs no entry of a dictionary
		}
		add(o)
	}
	for {
		start := lx.pos
		t, ok := lx.next()
		if lx.odd > 0 {
			return lx.damage(start)
		}
		if !ok {
			return nil
		}
		switch t.kind {
		case tokNumber:
			add(operand{kind: opNumber, num: t.num})
		case tokName:
			add(operand{kind: opName, s: t.text})
		case tokString, tokHex:
			add(operand{kind: opString, s: t.text})
		case tokArrayStart, tokDictStart:
			if len(opens) < maxNesting {
				kind := opArray
				if t.kind == tokDictStart {
					kind = opOther
				}
				opens = append(opens, operand{kind: kind})
			}
		case tokArrayEnd, tokDictEnd:
			if len(opens) > 0 {
				closeOne()
			}
		case tokKeyword:
			switch t.text {
			case "true", "false", "null":
				add(operand{})
				continue
			}
			for len(opens) > 0 {
				closeOne()
			}
			do(&stk, t.text)
			stk = stk[:0]
			if t.text == "BI" {
				if err := lx.skipInlineImage(); err != nil {
					return err
				}
			}
		}
	}
}

// damage says what the lexer could not read at start.
func (lx *lexer) damage(start int) error {
	for start < len(lx.data) && isWhite(lx.data[start]) {
		start++
	}
	what := "a byte that opens no token"
	if start < len(lx.data) {
		switch lx.data[start] {
		case '<':
			what = "malformed hex string"
		case '(':
			what = "malformed string"
		default:
			what = fmt.Sprintf("stray %q", lx.data[start])
		}
	}
	return fmt.Errorf("%w: %s at byte %d", errContent, what, start)
}

// skipInlineImage passes an inline image after its BI: the parameters up
// to ID, one white-space byte, and the data up to an EI with white space
// before it and white space, a delimiter or the end after it.
func (lx *lexer) skipInlineImage() error {
	for {
		start := lx.pos
		t, ok := lx.next()
		switch {
		case lx.odd > 0:
			return lx.damage(start)
		case !ok:
			return fmt.Errorf("%w: an inline image without ID", errContent)
		case t.kind == tokKeyword && t.text == "ID":
			d := lx.data
			for i := lx.pos + 1; i+1 < len(d); i++ {
				if d[i] == 'E' && d[i+1] == 'I' && isWhite(d[i-1]) && (i+2 == len(d) || isWhite(d[i+2]) || isDelim(d[i+2])) {
					lx.pos = i + 2
					return nil
				}
			}
			lx.pos = len(d)
			return fmt.Errorf("%w: an inline image without EI", errContent)
		}
	}
}
