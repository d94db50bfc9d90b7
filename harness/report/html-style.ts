// The report's stylesheet, inlined so the HTML file stands alone (system fonts, no network).
export const REPORT_CSS = `
:root { --fg:#212529; --muted:#5c636a; --line:#dee2e6; --bg:#f4f5f7; --card:#fff; --ok:#2b8a3e; --bad:#c92a2a; --warn:#e67700; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg); font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif; }
main { max-width:1360px; margin:0 auto; padding:24px 28px 48px; }
header.page h1 { margin:0 0 4px; font-size:26px; }
header.page p { margin:0; color:var(--muted); }
h2 { font-size:20px; margin:32px 0 12px; padding-top:12px; border-top:2px solid var(--line); }
h3 { font-size:15px; margin:0 0 2px; }
section.run > h2:first-child { border-top:none; }
.facts { display:grid; grid-template-columns:max-content 1fr max-content 1fr; gap:3px 14px; margin:0; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 16px; }
.facts dt { color:var(--muted); } .facts dd { margin:0; }
.banner { border-left:4px solid var(--warn); background:#fff4e6; padding:8px 12px; border-radius:4px; margin:10px 0; }
.grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(560px,1fr)); gap:16px; margin:12px 0; }
figure.chart { margin:0; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px 10px; }
figure.chart figcaption p { margin:0 0 6px; color:var(--muted); font-size:12.5px; }
figure.chart svg { width:100%; height:auto; display:block; font-family:inherit; }
svg .grid { stroke:#e9ecef; } svg .axis { stroke:#868e96; stroke-width:1; }
svg .tick { font-size:11px; fill:#5c636a; } svg .axis-title { font-size:11.5px; fill:#5c636a; }
svg .group-label, svg .row-label { font-size:12.5px; fill:#343a40; font-weight:600; }
svg .value { font-size:11.5px; fill:#343a40; font-weight:600; paint-order:stroke; stroke:#fff; stroke-width:3px; } svg .end-label { font-size:11.5px; font-weight:600; }
svg .whisker { stroke:#212529; stroke-width:1.6; fill:none; } svg .trial { fill:#fff; stroke:#212529; stroke-width:1.1; } svg .trial.cb { fill:#ffd43b; } svg .trial.err { fill:#fa5252; stroke:#c92a2a; } .err-note { color:var(--bad); }
svg .curve { fill:none; stroke-width:2.4; stroke-linejoin:round; } svg .band { fill-opacity:.13; stroke:none; }
svg .row-rule { stroke:#f1f3f5; stroke-width:10; stroke-linecap:round; } svg .median { stroke-width:3; }
.legend { list-style:none; display:flex; flex-wrap:wrap; gap:6px 16px; padding:0; margin:6px 0 0; font-size:12.5px; }
.legend li { display:flex; align-items:center; gap:6px; }
.swatch { display:inline-block; width:14px; height:12px; border-radius:2px; background:var(--c); }
.swatch.line { height:3px; width:18px; } .swatch.faded { background:color-mix(in srgb,var(--c) 40%,white); border:1px solid var(--c); }
.swatch.hatched { background:repeating-linear-gradient(45deg,var(--c) 0 3px,#fff 3px 6px); }
.note { font-size:12.5px; color:var(--muted); margin:6px 0 0; }
table { border-collapse:collapse; background:var(--card); font-size:13px; margin:8px 0 14px; }
th, td { border:1px solid var(--line); padding:5px 10px; text-align:left; vertical-align:top; }
th { background:#f8f9fa; font-weight:600; } table[data-table="article"] { font-size:14px; } table[data-table="article"] td { padding:6px 14px; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.scroll { overflow-x:auto; }
.pill { display:inline-block; padding:1px 8px; border-radius:10px; font-weight:600; font-size:12px; white-space:nowrap; }
.pill.agrees { background:#d3f9d8; color:#1b5e20; } .pill.disagrees { background:#ffe3e3; color:#a61e1e; }
.pill.inconclusive { background:#fff3bf; color:#7a5300; } .pill.none { background:#f1f3f5; color:#5c636a; }
.jump { margin:4px 0 12px; } .jump .pill, .tally .pill { font-size:13px; padding:2px 10px; } .muted { color:var(--muted); font-size:12.5px; } h4 { margin:14px 0 2px; font-size:14px; } .rule li { margin:2px 0; } .cb { color:var(--warn); font-weight:600; }
table.matrix td.cell { min-width:170px; }
table.matrix th { vertical-align:middle; }
td.cell .claim { color:var(--muted); font-size:12px; }
td.cell .measured { font-size:15px; font-weight:600; margin:1px 0 3px; font-variant-numeric:tabular-nums; }
td.cell .measured small { font-weight:400; color:var(--muted); font-size:12px; margin-left:4px; }
td.cell.agrees { background:#f4fcf5; } td.cell.disagrees { background:#fff5f5; } td.cell.inconclusive { background:#fffbea; }
.rule-box { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 16px; margin:10px 0 16px; font-size:13px; }
.rule-box h4 { margin:0 0 4px; font-size:14px; } .rule-box p { margin:0 0 4px; } .rule-box ul { margin:0; padding-left:20px; }
details { margin:6px 0 14px; } summary { cursor:pointer; color:#1971c2; }
`;
