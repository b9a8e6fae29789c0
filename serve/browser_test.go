package serve_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/serve"
)

// The seed's first project, as the grid prints it.
const (
	firstProject = "实施职业技能提升行动项目业务费"
	firstAmount  = "50,000.00"
)

func TestBrowserDocumentList(t *testing.T) {
	ctx := browser(t)
	srv, db := app(t, ingestFiles(t, fixture("seed-libreoffice.pdf"), fixture("seed.html")), serve.Options{})
	docs, err := db.Documents(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, srv.URL+"/", "#documents")
	rows := eval[int](t, ctx, `document.querySelectorAll("#documents tbody tr").length`)
	text := eval[string](t, ctx, `document.querySelector("#documents").innerText`)
	if rows != len(docs) || rows != 2 {
		t.Errorf("the list shows %d rows, want the %d documents", rows, len(docs))
	}
	for _, want := range []string{"部门预算项目绩效目标表（2024年度）", "县人社局部门", "2024", "pdf", "html"} {
		if !strings.Contains(text, want) {
			t.Errorf("the list does not show %q:\n%s", want, text)
		}
	}

	// A form posted to the SQL page from the browser changes nothing.
	before := counts(t, db)
	status := eval[int](t, ctx, `fetch("/sql", {method: "POST", body: new URLSearchParams({sql: "DELETE FROM documents"})}).then(r => r.status)`)
	if status != 405 {
		t.Errorf("POST /sql: %d, want 405", status)
	}
	if after := counts(t, db); after != before {
		t.Errorf("a POST changed the database: %s, then %s", before, after)
	}
}

// box is where the outline lies over the page canvas, in CSS pixels from
// the canvas's top left.
type box struct {
	Hidden           bool
	Left, Top, W, H  float64
	CanvasW, CanvasH float64
	Inked, Page      int
	Cell, Class      string // the picked cell's text and class
}

// A table view of the seed's PDF shows the first project in the grid,
// draws its page, and outlines a clicked cell where it was printed.
func TestBrowserTableView(t *testing.T) {
	ctx := browser(t)
	srv, db := app(t, ingestFiles(t, fixture("seed-libreoffice.pdf")), serve.Options{})
	tables, err := db.Tables(t.Context(), 1)
	if err != nil || len(tables) == 0 {
		t.Fatalf("tables: %v, %v", tables, err)
	}
	open(t, ctx, fmt.Sprintf("%s/tables/%d", srv.URL, tables[0].ID), `#viewer[data-drawn="true"]`)
	grid := eval[string](t, ctx, `document.querySelector("#grid table.grid").innerText`)
	for _, want := range []string{firstProject, firstAmount} {
		if !strings.Contains(grid, want) {
			t.Errorf("the grid does not show %q", want)
		}
	}
	if n := eval[int](t, ctx, inkJS+`ink(document.querySelector("#viewer canvas"), null)`); n < 1000 {
		t.Errorf("the page canvas has %d inked pixels: it is blank", n)
	}

	// Click the cell of the first project's amount: a box appears over the
	// canvas, around where the page prints the amount.
	eval[bool](t, ctx, `(() => {
		const c = [...document.querySelectorAll("td[data-box]")].find(td => td.textContent === "`+firstAmount+`");
		c.scrollIntoView(); c.click(); return true })()`)
	b := eval[box](t, ctx, inkJS+`(async () => {
		const b = document.querySelector("#viewer .box"), cv = document.querySelector("#viewer canvas");
		for (let i = 0; i < 100 && b.hidden; i++) await new Promise(r => setTimeout(r, 50));
		const br = b.getBoundingClientRect(), cr = cv.getBoundingClientRect();
		const td = document.querySelector("td.picked");
		return {Hidden: b.hidden, Left: br.left - cr.left, Top: br.top - cr.top, W: br.width, H: br.height,
			CanvasW: cr.width, CanvasH: cr.height, Page: Number(document.querySelector("#viewer").dataset.page),
			Inked: ink(cv, {x: br.left - cr.left + 3, y: br.top - cr.top + 3, w: br.width - 6, h: br.height - 6}),
			Cell: td ? td.textContent : "", Class: td ? td.className : ""};
	})()`)
	t.Logf("box %+v", b)
	if b.Hidden || b.W < 5 || b.H < 5 {
		t.Fatalf("no box outlined: %+v", b)
	}
	if b.Left < 0 || b.Top < 0 || b.Left+b.W > b.CanvasW+1 || b.Top+b.H > b.CanvasH+1 {
		t.Errorf("the box %+v lies outside the page", b)
	}
	if b.Inked == 0 {
		t.Errorf("the box %+v outlines blank paper, not the printed cell", b)
	}
	if b.Cell != firstAmount || !strings.Contains(b.Class, "num") {
		t.Errorf("picked cell %q (class %q), want the amount %s aligned right", b.Cell, b.Class, firstAmount)
	}

	// pdf.js itself says where the amount is printed: its text starts
	// inside the box.
	at := eval[struct{ X, Y float64 }](t, ctx, `(async () => {
		const pdfjs = await import("/static/pdfjs/pdf.min.mjs");
		const v = document.querySelector("#viewer"), cv = v.querySelector("canvas");
		const pdf = await pdfjs.getDocument({url: v.dataset.src, isEvalSupported: false}).promise;
		const page = await pdf.getPage(Number(v.dataset.page));
		const vp = page.getViewport({scale: cv.getBoundingClientRect().width / page.getViewport({scale: 1}).width});
		const it = (await page.getTextContent()).items.find(i => i.str.includes("`+firstAmount+`"));
		const [x, y] = vp.convertToViewportPoint(it.transform[4], it.transform[5]);
		return {X: x, Y: y};
	})()`)
	if at.X < b.Left || at.X > b.Left+b.W || at.Y < b.Top || at.Y > b.Top+b.H {
		t.Errorf("pdf.js prints %s at (%.1f, %.1f), outside the outlined box %+v", firstAmount, at.X, at.Y, b)
	}
}

// inkJS defines ink(canvas, rect): how many pixels of the canvas (or of
// rect, in CSS pixels of the canvas) are not near white.
const inkJS = `function ink(cv, r) {
	const k = cv.width / cv.getBoundingClientRect().width;
	const x = r ? Math.floor(r.x * k) : 0, y = r ? Math.floor(r.y * k) : 0;
	const w = r ? Math.max(1, Math.floor(r.w * k)) : cv.width, h = r ? Math.max(1, Math.floor(r.h * k)) : cv.height;
	const d = cv.getContext("2d").getImageData(x, y, w, h).data;
	let n = 0;
	for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) n++;
	return n;
}
`
