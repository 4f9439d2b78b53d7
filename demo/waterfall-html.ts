/**
 * Writes a trace as a self-contained HTML waterfall: one file, inline CSS,
 * no scripts or network requests.
 */
import type { DemoLog } from "./signals.js";
import { baggageByService, callees, type DemoSpan, timeAxis, toRows } from "./span-tree.js";

const PALETTE = ["#0ea5e9", "#a855f7", "#f59e0b", "#22c55e", "#6366f1", "#14b8a6", "#ec4899"];

/** Renders the HTML page for one trace, each span's exported logs under it. */
export function renderHtml(
  spans: readonly DemoSpan[],
  title: string,
  logs: readonly DemoLog[] = [],
): string {
  const axis = timeAxis(spans);
  const total = axis.end - axis.start;
  const services = [...new Set(toRows(spans).map((r) => r.span.service))];
  const called = callees(spans);
  const rows = toRows(spans)
    .map(({ span, depth }) => {
      const left = ((span.startMs - axis.start) / total) * 100;
      const width = Math.max(0.3, ((span.endMs - span.startMs) / total) * 100);
      const colour = PALETTE[services.indexOf(span.service) % PALETTE.length];
      const status = span.error ? `<span class="err">error</span>` : "ok";
      const callee = called.get(span.spanId);
      const label = callee
        ? `${escapeHtml(span.name)} → ${escapeHtml(callee)} <small>client</small>`
        : `${escapeHtml(span.name)} <small>${escapeHtml(span.kind)}</small>`;
      const row = `<tr><td>${escapeHtml(span.service)}</td><td style="padding-left:${depth * 16 + 6}px">${label}</td><td>${status}</td><td class="num">${(span.endMs - span.startMs).toFixed(1)} ms</td><td class="track"><div class="bar" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%;background:${colour}"></div></td></tr>`;
      return row + logRows(logs, span, depth);
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#111}
table{border-collapse:collapse;width:100%}td,th{padding:4px 6px;border-bottom:1px solid #eee;white-space:nowrap;text-align:left}
.num{text-align:right}.track{position:relative;width:50%}.bar{position:absolute;top:6px;height:12px;border-radius:3px}
.err{color:#dc2626;font-weight:600}small{color:#666}h2{font-size:16px;margin-top:28px}
tr.log td{border-bottom:none;color:#444;font-size:12px;padding-top:0}.sev{font-weight:600;margin-right:6px}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${spans.length} spans across ${services.length} services, ${total.toFixed(1)} ms.</p>
<table><thead><tr><th>service</th><th>span</th><th>status</th><th>duration</th><th>0 – ${total.toFixed(1)} ms</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${baggageTable(spans)}
</body></html>
`;
}

/** The span's log records (exported by `otlpLogs()`), in time order, as rows under it. */
function logRows(logs: readonly DemoLog[], span: DemoSpan, depth: number): string {
  return logs
    .filter((log) => log.spanId === span.spanId)
    .sort((a, b) => a.timeMs - b.timeMs)
    .map((log) => {
      const fields =
        Object.keys(log.attributes).length > 0 ? ` ${JSON.stringify(log.attributes)}` : "";
      return `\n<tr class="log"><td></td><td colspan="4" style="padding-left:${depth * 16 + 22}px"><span class="sev">${escapeHtml(log.severity)}</span>${escapeHtml(log.body)}<small>${escapeHtml(fields)}</small></td></tr>`;
    })
    .join("");
}

function baggageTable(spans: readonly DemoSpan[]): string {
  const received = [...baggageByService(spans)];
  if (received.length === 0) return "";
  const rows = received
    .map(
      ([service, baggage]) =>
        `<tr><td>${escapeHtml(service)}</td><td><code>${escapeHtml(baggage)}</code></td></tr>`,
    )
    .join("\n");
  return `<h2>Baggage received</h2>
<table><thead><tr><th>service</th><th>baggage</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
