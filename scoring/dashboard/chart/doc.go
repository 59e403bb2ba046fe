// Package chart draws the dashboard's charts as inline SVG with no
// JavaScript and no external library: stacked bars, a line with an interval
// band, a heat-map and a sparkline.
//
// Each chart is a plain struct of numbers and labels that the caller has
// already computed (the score maths lives in the domain, never here) and
// already translated. Its SVG method returns markup ready to place in an
// html/template page; its Table method returns the same numbers as a table
// model, which the page renders beside or below the chart so that nothing
// is only in a picture.
//
// Every chart is accessible in the same way: role="img", a <title> and a
// <desc> in the page's language, a labelled legend, and colours from a
// colour-blind-safe palette that never carry meaning alone (the
// "Không hài lòng" level and thin cells are also hatched). A viewBox and no
// fixed size let a chart fit a 360 px phone and a desktop. All text is
// escaped: names are data and may hold <, >, & and quotes.
package chart
