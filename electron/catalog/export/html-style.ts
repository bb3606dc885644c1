// The catalogue's only style sheet. It is allowed by its hash in the page's Content Security Policy,
// so no other style (an injected <style> or style="" attribute) would apply. Black on white with
// outlines and numbers, so it reads the same printed in black and white.
import { createHash } from 'node:crypto';

export const CATALOGUE_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 190mm; padding: 10mm; color: #000; background: #fff;
  font: 10.5pt/1.4 system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 18pt; margin: 0 0 2mm; overflow-wrap: anywhere; }
.cover h1 { font-size: 24pt; margin-top: 10mm; }
.organization { font-size: 14pt; margin: 0 0 8mm; overflow-wrap: anywhere; }
h2 { font-size: 13pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #000; overflow-wrap: anywhere; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
.lead { margin: 0 0 5mm; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4mm; }
th, td { border: 0.25mm solid #666; padding: 0.8mm 2mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: #e8e8e8; }
th.n, td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; width: 20mm; }
td.nowrap { white-space: nowrap; }
/* Fixed layouts, so that a long unbroken word (a URL, a hash) wraps instead of widening the table off the page. */
table.counts, table.regions { table-layout: fixed; }
/* The note gets the widest column: a long note in a narrow one would push the table off the page. */
table.regions th:nth-child(1) { width: 8mm; }
table.regions th:nth-child(2) { width: 25%; }
table.regions th:nth-child(3) { width: 27%; }
table.regions th:nth-child(4) { width: 14%; }
table.regions th, table.regions td { padding: 0.5mm 1.2mm; }
.summary { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; }
.summary > div { min-width: 0; }
.photo { margin: 10mm 0 0; padding-top: 4mm; border-top: 0.8mm solid #000; }
.num { display: inline-block; min-width: 8mm; }
.photo h2 { font-size: 12pt; margin-bottom: 2mm; }
.photo h3 { margin: 2mm 0 1mm; }
.photo figure { margin-bottom: 1.5mm; }
figure { margin: 0 0 3mm; text-align: center; }
figcaption { font-size: 9pt; color: #333; margin-top: 1mm; }
.frame { position: relative; display: inline-block; max-width: 100%; vertical-align: top; line-height: 0; }
/* A picture is shrunk into a box of the text width by 100 mm (80 mm when it has many regions), so it,
   its regions table and its fields share one A4 page; its size attributes are the original's pixels,
   so a small original is never enlarged beyond one CSS pixel per image pixel. */
.frame img { display: block; width: auto; height: auto; max-width: 100%; max-height: 100mm; }
.frame.compact img { max-height: 68mm; }
.frame svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: hidden; }
.region-label { font-family: "DejaVu Sans", Arial, sans-serif; font-weight: 700; paint-order: stroke; stroke-linejoin: round; }
.no-preview { border: 0.6mm dashed #000; padding: 18mm 6mm; text-align: center; }
.no-preview strong { display: block; font-size: 13pt; }
dl.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 0.4mm 4mm; margin: 0 0 3mm; font-size: 9pt; line-height: 1.3; }
dl.fields .f { display: grid; grid-template-columns: 22mm 1fr; gap: 0 2mm; min-width: 0; }
dl.fields .f.wide { grid-column: 1 / -1; }
table.regions { font-size: 8.5pt; line-height: 1.3; }
dt { font-weight: 700; }
dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.text { white-space: pre-wrap; }
.from-file { font-size: 9pt; font-style: italic; }
.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9pt; overflow-wrap: anywhere; }
.muted { color: #444; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; }
  .photo { break-before: page; break-inside: avoid; margin: 0; padding: 0; border-top: none; }
  /* If a photo's text is too long for one page, the picture and its regions still stay together. */
  .keep { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  tr, dt, dd { break-inside: avoid; }
}
`;

/** The CSP source that allows exactly this style sheet. */
export const CATALOGUE_CSS_HASH = `'sha256-${createHash('sha256').update(CATALOGUE_CSS, 'utf8').digest('base64')}'`;
