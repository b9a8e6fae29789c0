package serve_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/budgetx/budgetx/serve"
)

// TestScreenshot writes docs/serve.png, the picture of a table view that
// the README shows: the 一般公共预算支出表 of a real document beside its
// page, with a cell picked. It runs only when asked:
//
//	BUDGETX_SCREENSHOT=../docs/serve.png go test -run TestScreenshot ./serve
func TestScreenshot(t *testing.T) {
	out := os.Getenv("BUDGETX_SCREENSHOT")
	if out == "" {
		t.Skip("set BUDGETX_SCREENSHOT to the PNG to write")
	}
	doc := filepath.Join(realdocs, "01_sh-putuo-caizhengju_2025_bumen-yusuan.pdf")
	srv, db := app(t, ingestFiles(t, doc), serve.Options{})
	rows, err := db.Query(t.Context(), "SELECT id FROM tables WHERE kind = 'general_budget_expense' ORDER BY seq LIMIT 1")
	if err != nil || len(rows.Values) == 0 {
		t.Fatalf("no 一般公共预算支出表: %v", err)
	}
	ctx := browser(t)
	open(t, ctx, fmt.Sprintf("%s/tables/%d", srv.URL, rows.Values[0][0]), `#viewer[data-drawn="true"]`)
	eval[bool](t, ctx, `(async () => {
		const c = [...document.querySelectorAll("td[data-box].num")].filter(td => td.textContent.includes(","))[7];
		c.click();
		for (let i = 0; i < 100 && document.querySelector("#viewer .box").hidden; i++) await new Promise(r => setTimeout(r, 50));
		window.scrollTo(0, 0);
		return true;
	})()`)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
