import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * `/docs`: a self-contained page that reads /openapi.json and lists every operation with its
 * parameters, body and answers. No CDN (the network is closed); the CSP allows only this script.
 */
const script = `
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const show = (v) => '<pre tabindex="0">' + esc(JSON.stringify(v, null, 2)) + '</pre>';
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  const out = ['<h1>' + esc(doc.info.title) + ' <small>' + esc(doc.info.version) + '</small></h1>', '<p>' + esc(doc.info.description || '') + '</p>'];
  const nav = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const id = op.operationId || method + path;
      nav.push('<li><a href="#' + esc(id) + '"><b>' + method.toUpperCase() + '</b> ' + esc(path) + '</a></li>');
      out.push('<section id="' + esc(id) + '"><h2><span class="m ' + method + '">' + method.toUpperCase() + '</span> ' + esc(path) + '</h2>');
      if (op.summary) out.push('<p><b>' + esc(op.summary) + '</b></p>');
      if (op.description) out.push('<p>' + esc(op.description) + '</p>');
      if (op.security) out.push('<p>Needs <code>Authorization: Bearer &lt;API key&gt;</code></p>');
      if (op.parameters && op.parameters.length) {
        out.push('<h3>Parameters</h3><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>');
        for (const p of op.parameters) out.push('<tr><td><code>' + esc(p.name) + '</code></td><td>' + esc(p.in) + '</td><td>' + (p.required ? 'yes' : 'no') + '</td><td>' + show(p.schema) + (p.description ? esc(p.description) : '') + '</td></tr>');
        out.push('</table>');
      }
      if (op.requestBody) for (const [type, c] of Object.entries(op.requestBody.content)) out.push('<h3>Body <code>' + esc(type) + '</code></h3>' + show(c.schema));
      out.push('<h3>Responses</h3><ul>');
      for (const [status, r] of Object.entries(op.responses)) out.push('<li><b>' + esc(status) + '</b> ' + esc(r.description) + '</li>');
      out.push('</ul></section>');
    }
  }
  out.push('<section><h2>Schemas</h2>');
  for (const [name, s] of Object.entries(doc.components.schemas)) out.push('<h3 id="schema-' + esc(name) + '">' + esc(name) + '</h3>' + show(s));
  out.push('</section>');
  document.getElementById('nav').innerHTML = '<ul>' + nav.join('') + '</ul>';
  document.getElementById('main').innerHTML = out.join('');
}).catch((e) => { document.getElementById('main').textContent = 'Could not load openapi.json: ' + e; });
`;

const style = `
body { font: 14px/1.5 system-ui, sans-serif; margin: 0; display: flex; }
nav { width: 22rem; height: 100vh; overflow: auto; position: sticky; top: 0; background: #f4f5f7; padding: 1rem; box-sizing: border-box; }
nav ul { list-style: none; padding: 0; } nav a { text-decoration: none; color: #223; display: block; padding: 2px 0; }
main { flex: 1; padding: 1rem 2rem; max-width: 60rem; } section { border-top: 1px solid #ddd; padding: .5rem 0; }
pre { background: #f7f7f9; padding: .5rem; overflow: auto; max-height: 24rem; } table { border-collapse: collapse; }
td, th { border: 1px solid #ddd; padding: 4px; vertical-align: top; text-align: left; }
.m { color: #fff; padding: 2px 6px; border-radius: 3px; font-size: 80%; } .get { background: #2a7ab0; } .post { background: #23703c; }
`;

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API reference</title><style>${style}</style></head>
<body><nav id="nav">Loading…</nav><main id="main"></main><script>${script}</script></body></html>`;

const scriptHash = createHash('sha256').update(script).digest('base64');

export const docsPage: RequestHandler = (_req, res) => {
  res
    .set('Content-Security-Policy', `default-src 'self'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`)
    .type('html')
    .send(page);
};
