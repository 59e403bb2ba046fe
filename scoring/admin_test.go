package scoring_test

import (
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

func TestNewCentre(t *testing.T) {
	now := time.Now()
	c, err := scoring.NewCentre("qn-hcc", "Trung tâm Phục vụ hành chính công", "", "246810", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Scale != survey.ScaleLegal3 || !survey.CheckPIN(c.TechnicianPINHash, "246810") || c.ManagerPINHash != "" {
		t.Fatalf("%+v", c)
	}
	for name, args := range map[string][4]string{
		"bad id":         {"a b", "Name", "legal3", "1234"},
		"no name":        {"c1", "", "legal3", "1234"},
		"unknown scale":  {"c1", "Name", "stars", "1234"},
		"no tech PIN":    {"c1", "Name", "legal3", ""},
		"short PIN":      {"c1", "Name", "legal3", "12"},
		"letters in PIN": {"c1", "Name", "legal3", "12ab"},
	} {
		if _, err := scoring.NewCentre(args[0], args[1], args[2], args[3], "", now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := scoring.NewCentre("c1", "Name", "face4", "1234", "12", now); err == nil || !strings.Contains(err.Error(), "manager") {
		t.Errorf("a bad manager PIN: %v", err)
	}
}

func TestNewOfficerPhoto(t *testing.T) {
	now := time.Now()
	o, err := scoring.NewOfficer("c1", "o1", "Lê Thị Hồng Nhung", "Phó Giám đốc", "1111", pngBytes, "lan.png", now)
	if err != nil || o.Photo == nil || o.Photo.ContentType != "image/png" || !survey.CheckPIN(o.PINHash, "1111") {
		t.Fatalf("%+v %v", o, err)
	}
	if o, err := scoring.NewOfficer("c1", "o1", "Lan", "", "1111", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), "lan.svg", now); err != nil || o.Photo.ContentType != "image/svg+xml" {
		t.Fatalf("svg: %+v %v", o.Photo, err)
	}
	if _, err := scoring.NewOfficer("c1", "o1", "Lan", "", "1111", []byte("just text"), "lan.png", now); err == nil {
		t.Fatal("a text file accepted as a photo")
	}
	if _, err := scoring.NewOfficer("c1", "o1", "Lan", "", "1111", make([]byte, scoring.MaxPhotoBytes+1), "big.png", now); err == nil {
		t.Fatal("an oversized photo accepted")
	}
	if o, err := scoring.NewOfficer("c1", "o1", "Lan", "", "1111", nil, "", now); err != nil || o.Photo != nil {
		t.Fatalf("no photo: %+v %v", o, err)
	}
}
