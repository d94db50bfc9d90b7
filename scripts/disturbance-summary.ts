// Prints what scripts/disturbance-check.sh shows: per result file, how many trials were disturbed
// and re-run, the axum/go-nethttp requests/s ratio from paired rounds (or medians), and the
// claims-check verdicts on requests/s and P99.
//
//   node dist/scripts/disturbance-summary.js quiet.json busy.json [more.json…]
import path from 'node:path';
import { readResultFile } from '../harness/results/read-result.js';
import { measure, measurePairedRatio } from '../harness/metrics/measure.js';
import { checkClaims } from '../harness/report/claims-check.js';
import { readClaimsFile } from '../harness/report/claims.js';
import { verdictText } from '../harness/report/verdict.js';
import { EXIT_USAGE } from '../harness/errors.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('disturbance-summary: give one or more result files\n');
  process.exit(EXIT_USAGE);
}
const claims = readClaimsFile();
let reference: number | null = null;
for (const file of files) {
  const result = readResultFile(file);
  const axum = result.targets.find((t) => t.name === 'axum');
  const go = result.targets.find((t) => t.name === 'go-nethttp');
  if (!axum || !go) throw new Error(`${file}: needs axum and go-nethttp`);
  const trials = [axum, go].flatMap((t) => t.scenarios.find((s) => s.name === 'json')?.trials ?? []);
  const disturbed = trials.filter((t) => t.disturbed !== undefined).length;
  const paired = measurePairedRatio('rps', axum, go, 'json');
  const a = measure('rps', axum, 'json');
  const g = measure('rps', go, 'json');
  const ratio = paired?.median ?? (a && g ? a.median / g.median : NaN);
  reference ??= ratio;
  const check = checkClaims(result, claims);
  const verdicts = check.rows
    .filter((r) => r.metric === 'rps' || r.metric === 'p99')
    .flatMap((r) => r.ratios.filter((c) => c.pair.join('/') === 'axum/go-nethttp').map((c) => `${r.label}: ${verdictText(c.verdict)}`));
  const trust = [axum, go].map((t) => `${t.name} ${t.scenarios[0]?.summary.trust ?? 'n/a'}`).join(', ');
  process.stdout.write(
    `${path.basename(file)}: schedule ${result.schedule?.kind ?? 'sequential'}, ${trials.length} trials, ${disturbed} disturbed; ` +
      `axum/go-nethttp req/s ${ratio.toFixed(3)}${paired ? ' (paired rounds)' : ' (medians)'}, ${(((ratio - reference) / reference) * 100).toFixed(1)}% from the first file; trust: ${trust}\n` +
      `  ${verdicts.join('\n  ')}\n`,
  );
}
