package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"hailong/kiosk/internal/browsertest"
	"hailong/kiosk/scoring/demodata"
	"hailong/kiosk/scoring/report"
	"hailong/kiosk/survey"
)

// A real Chromium signed in as the demo manager downloads the centre-day
// page's XLSX and its CSV of every rating from the real server, through
// the page's form: the files arrive under the server's names, the XLSX
// opens with both sheets, the CSV reads back strictly with a row per
// response.
func TestExportDownloadWithChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives Chromium")
	}
	dir := t.TempDir()
	bin := buildServer(t)
	db := filepath.Join(dir, "demo.db")
	mustCLI(t, db, "demo-data", "--days", "3", "--seed", "3", "--now", demoNow)
	proc := startProcess(t, bin, db)
	downloads := filepath.Join(dir, "downloads")
	if err := os.Mkdir(downloads, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx := browsertest.New(t, browsertest.Desktop, 90*time.Second)
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	wait := func(name string) []byte {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if b, err := os.ReadFile(filepath.Join(downloads, name)); err == nil && len(b) > 0 {
				return b
			}
			time.Sleep(100 * time.Millisecond)
		}
		entries, _ := os.ReadDir(downloads)
		t.Fatalf("no download %s; the folder holds %v", name, entries)
		return nil
	}
	step("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}))
	step("sign in", chromedp.Navigate(proc.base+"/signin"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), demodata.ManagerEmail),
		chromedp.SendKeys(chromedp.CSS("#password"), demodata.ManagerPassword), chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("#home-title")))
	step("a past day", chromedp.Navigate(proc.base+"/day?date=2026-11-26"), chromedp.WaitVisible(chromedp.CSS("#export-from")))

	step("download the XLSX", chromedp.Click(chromedp.CSS(`form.export button[value="xlsx"]`)))
	b := wait("hai-long-" + demodata.ProvincialCentre + "-2026-11-26-2026-11-26.xlsx")
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); len(got) != 2 || got[0] != report.SheetSummary {
		t.Fatalf("sheets %q", got)
	}
	rows, _ := x.GetRows(report.SheetResponses)
	if len(rows)-report.HeaderRow < 10 {
		t.Fatalf("%d responses in the XLSX of a demo day", len(rows)-report.HeaderRow)
	}

	step("download the CSV of every rating", chromedp.SetValue(chromedp.CSS("#export-kind"), "responses"),
		chromedp.Click(chromedp.CSS(`form.export button[value="csv"]`)))
	b = wait("hai-long-" + demodata.ProvincialCentre + "-2026-11-26-2026-11-26-responses.csv")
	r := survey.NewCSVReader(bytes.NewReader(b))
	recs := 0
	for {
		if _, err := r.Read(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		recs++
	}
	if recs != len(rows)-report.HeaderRow+1 {
		t.Errorf("the CSV has %d records, want the XLSX's %d responses and a header", recs, len(rows)-report.HeaderRow)
	}
}
