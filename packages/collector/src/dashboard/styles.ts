/** The dashboard's stylesheet, served as `/dashboard/assets/dashboard.css`. */
export const STYLES = `
:root { --ink: #0f172a; --muted: #556274; --line: #e2e8f0; --bg: #f5f6f8; --card: #fff; --accent: #4f46e5; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { background: var(--ink); color: #fff; padding: 18px 32px; display: flex; flex-wrap: wrap; gap: 16px; align-items: center; justify-content: space-between; }
header h1 { margin: 0; font-size: 20px; font-weight: 650; letter-spacing: -0.01em; }
header h1 span { color: #a5b4fc; font-weight: 500; }
header .period { color: #cbd5e1; font-size: 13px; margin-top: 2px; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
form.filters label { display: flex; flex-direction: column; font-size: 11px; color: #cbd5e1; text-transform: uppercase; letter-spacing: 0.04em; gap: 3px; }
form.filters input, form.filters select { color-scheme: dark; min-height: 32px; font: inherit; padding: 5px 8px; border-radius: 6px; border: 1px solid #334155; background: #1e293b; color: #fff; }
form.filters input::placeholder { color: #94a3b8; }
form.filters button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; }
section { margin-top: 28px; }
section > h2 { font-size: 17px; margin: 0 0 4px; }
section > p.lead { margin: 0 0 12px; color: var(--muted); max-width: 900px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.kpi .value { font-size: 26px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.kpi .sub { color: var(--muted); font-size: 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(520px, 100%), 1fr)); gap: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; min-width: 0; overflow-x: auto; }
.card h3 { margin: 0 0 10px; font-size: 14px; }
.chart { position: relative; height: 300px; }
.chart.tall { height: 380px; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 7px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; }
th:first-child, td:first-child { text-align: left; white-space: normal; }
td.text, th.text { text-align: left; white-space: normal; }
tr.best td { font-weight: 650; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 8px; vertical-align: -1px; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; }
.chip.good { background: #dcfce7; color: #166534; } .chip.needs-improvement { background: #fef3c7; color: #92400e; } .chip.poor { background: #fee2e2; color: #991b1b; }
.step { display: inline-block; padding: 2px 8px; border-radius: 6px; color: var(--ink); font-size: 12px; margin: 2px 0; }
.arrow { color: var(--muted); margin: 0 4px; }
.empty { color: var(--muted); font-style: italic; }
.notes { color: var(--muted); font-size: 13px; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 24px; }
@media (max-width: 640px) { header, main { padding-left: 16px; padding-right: 16px; } }
`
