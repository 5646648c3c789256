/**
 * /assets/figures.css: the figures pages' one stylesheet, compiled in (the production image
 * ships dist/ only). Colours keep a contrast of at least 4.5:1; logical properties mirror the
 * layout for right-to-left; print gives A4 without navigation or forms, rows never split.
 */
/** The tab's icon: without one the browser asks for /favicon.ico and logs the 404 as an error. */
export const faviconSvg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d4f91"/><path d="M4 12V7M8 12V4M12 12V9" stroke="#fff" stroke-width="2"/></svg>';

export const FONT_FILES = { regular: 'Vazirmatn-Regular.woff2', bold: 'Vazirmatn-Bold.woff2' };

export const figuresCss = `@font-face {
  font-family: Vazirmatn;
  src: url("/assets/fonts/${FONT_FILES.regular}") format("woff2");
  font-weight: 400;
  font-display: swap;
}
@font-face {
  font-family: Vazirmatn;
  src: url("/assets/fonts/${FONT_FILES.bold}") format("woff2");
  font-weight: 700;
  font-display: swap;
}
html { color: #0b0c0c; background: #ffffff; }
body { margin: 0; font-family: Vazirmatn, Tahoma, sans-serif; line-height: 1.6; }
a { color: #1d4f91; }
a:focus, button:focus, input:focus, select:focus, .table-wrap:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 5px #0b0c0c; }
.skip-link { position: absolute; inset-inline-start: -10000px; top: 0; }
.skip-link:focus { inset-inline-start: 1rem; top: 1rem; background: #ffdd00; color: #0b0c0c; padding: 0.5rem 1rem; z-index: 1; }
.site-header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem 2rem; background: #1d4f91; color: #ffffff; padding: 0.75rem 1.5rem; }
.site-header a { color: #ffffff; }
.site-header a:focus { color: #0b0c0c; background: #ffdd00; }
.site-name { margin: 0; font-weight: 700; }
.site-header ul { display: flex; flex-wrap: wrap; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
main { max-width: 76rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; line-height: 1.3; margin: 0.75rem 0; }
.intro { font-size: 1.1rem; max-width: 48rem; }
.hint { color: #484f53; font-size: 0.9rem; margin: 0 0 0.25rem; }
.period-chooser { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0 2rem; }
fieldset { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem 1rem; border: 1px solid #6f777b; padding: 0.75rem 1rem; margin: 0; }
legend { font-weight: 700; padding: 0 0.25rem; }
fieldset > .hint { flex-basis: 100%; }
.field { display: flex; flex-direction: column; }
label { font-weight: 700; }
input, select, button { font: inherit; }
input, select { border: 2px solid #0b0c0c; background: #ffffff; color: #0b0c0c; padding: 0.2rem 0.4rem; }
button { background: #00703c; color: #ffffff; border: 0; padding: 0.35rem 1rem; box-shadow: 0 2px 0 #002d18; cursor: pointer; }
figure.chart { margin: 1.5rem 0; }
figcaption { font-weight: 700; margin-bottom: 0.5rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; direction: ltr; }
.table-wrap { overflow-x: auto; margin: 1rem 0 2rem; }
table { border-collapse: collapse; min-width: 60%; font-size: 0.9rem; }
caption { text-align: start; font-weight: 700; font-size: 1.1rem; padding: 0.5rem 0; }
th, td { border-bottom: 1px solid #6f777b; padding: 0.35rem 0.6rem; text-align: start; vertical-align: top; }
thead th { border-bottom: 2px solid #0b0c0c; }
td.num { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid #0b0c0c; }
.error-summary { border: 4px solid #b3261e; padding: 1rem 1.25rem; margin: 1rem 0 2rem; }
.error-summary h2 { margin-top: 0; font-size: 1.2rem; }
.downloads a { font-weight: 700; }
.families li { margin-bottom: 0.75rem; }
.families p { margin: 0; }

@page { size: A4; margin: 12mm; }
@media print {
  .site-header nav, .skip-link, .period-chooser, form, .downloads { display: none !important; }
  .site-header { background: none; color: #000000; padding: 0; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  a { color: #000000; text-decoration: none; }
  .table-wrap { overflow: visible; margin: 0.5rem 0 1rem; }
  table { font-size: 8.5pt; width: 100%; }
  th, td { padding: 0.2rem 0.3rem; }
  td.num { white-space: normal; overflow-wrap: anywhere; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  figure.chart { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, caption, figcaption { break-after: avoid; page-break-after: avoid; }
}
`;
