// Package dashboard is the web dashboard of the scoring server for centre
// managers and province administrators (SPEC §8, issue 10 item 4): pages
// rendered on the server with html/template, Vietnamese first with an
// English toggle, usable with JavaScript off, readable on a 360 px phone
// and on a desktop.
//
// This file set is the foundation the pages stand on:
//   - i18n.go: the message catalogue (vi and en) and the language of a request;
//   - params.go: strict parsing of every query parameter into typed values or
//     a bilingual ParamError, so that garbage in a URL is a 400 page, never a 500;
//   - site.go, static.go: the embedded templates and stylesheet, the base
//     layout (header, navigation, language toggle, demo banner, user slot);
//   - errorpage.go: the 400, 403 and 404 pages in the user's language;
//   - preview.go: a page of example charts and tables to look at the design.
//
// The charts are drawn by package chart as inline SVG, each with its
// numbers in a table. Handlers will take the narrow interfaces they read
// (reports, fleet, users), never a *sql.DB; every figure comes from the
// domain's score functions and is only formatted here.
package dashboard
