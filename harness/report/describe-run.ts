// One-line descriptions of a run, shared by the Markdown and HTML reporters: the machine line,
// the options line and a short label for a run among several.
import type { ResultFile } from '../results/schema.js';
import { formatBytes, formatMs } from '../metrics/format.js';
import { stopReasonText, verdictLevel } from '../metrics/verdict-level.js';
import { looksOf } from '../stats/sequential.js';
import { disturbedTrialCount, untrustedReason, untrustedScenarios } from '../metrics/trial-quality.js';
import { twoMachinesText } from '../output/two-machines-text.js';

/** CPU placement as recorded: the same for every target in a run, or listed per target. */
export function placementText(result: ResultFile): string {
  const placements = [...new Set(result.targets.map((t) => {
    const c = t.cpus;
    const cores = `${c.granted} of ${c.requested} requested core${c.requested === 1 ? '' : 's'}`;
    return `server ${cores} (cpuset ${c.serverCpuset}), load generator cpuset ${c.loadgenCpuset}`;
  }))];
  const two = twoMachinesText(result);
  return (placements.join('; ') || 'no targets') + (two ? `; ${two}` : '');
}

export interface RunFacts {
  label: string;
  cpu: string;
  placement: string;
  runtime: string;
  system: string;
  langbench: string;
  options: string;
  /** how trials were ordered and judged; '' for files from before the interleaved schedule */
  schedule: string;
  /** trials left out as disturbed, and scenarios whose trials back no verdict */
  quality: string;
  when: string;
}

/** The facts a reader needs to judge a run, as plain (unescaped) text. */
export function runFacts(result: ResultFile, index: number): RunFacts {
  const m = result.machine;
  const o = result.options;
  const runtimes = [...new Set(result.targets.map((t) => t.runtime))].join(', ') || o.runtimeUsed || o.runtime;
  const commit = result.langbench.gitCommit ? ` (${result.langbench.gitCommit.slice(0, 12)})` : '';
  return {
    label: `Run ${index + 1}: ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.hostname}`,
    cpu: `${m.cpuModel}, ${m.cores} cores, ${formatBytes(m.memoryBytes)} RAM`,
    placement: placementText(result),
    runtime: `${runtimes}${m.dockerVersion ? ` (Docker ${m.dockerVersion})` : ''}`,
    system: `${m.os}, kernel ${m.kernel}, ${m.arch}${m.virtualization ? `, ${m.virtualization}` : ''}${m.nodeVersion ? `, Node ${m.nodeVersion}` : ''}`,
    langbench: `langbench ${result.langbench.version}${commit}`,
    // an adaptive run's --trials is its least number of rounds, not what it ran
    options: `${o.connections} connections, ${result.schedule?.sequential ? `adaptive rounds (at least ${o.trials}; ${result.schedule.rounds ?? '?'} run)` : `${o.trials} trials`} × ${o.durationS} s after ${o.warmupS} s warmup, ${o.coldStarts} cold starts, scenarios ${o.scenarios.join(', ')}`,
    schedule: scheduleText(result),
    quality: qualityText(result),
    when: `${result.startedAt} → ${result.finishedAt}`,
  };
}

function scheduleText(result: ResultFile): string {
  const s = result.schedule;
  if (!s) return 'targets one after another (a file from before interleaved rounds); trials not checked for interference';
  const floor = result.launchFloor?.median != null ? `; launcher floor ${formatMs(result.launchFloor.median)} (median of ${result.launchFloor.samples.length})` : '';
  return (
    `${s.kind}${s.kind === 'interleaved' ? ` rounds (${s.rounds ?? '?'}), shuffled with seed ${s.seed}` : ''}, ${s.rewarmS} s re-warm after each switch; ` +
    `the other targets frozen by ${s.freeze}; a trial is disturbed at ${s.disturbedPct}% ${s.disturbedBy === 'foreign' ? 'foreign CPU (steal recorded, not counted)' : 'foreign CPU + steal'} on its cores and left out${floor}${stopText(s)}`
  );
}

function qualityText(result: ResultFile): string {
  const { disturbed, total } = disturbedTrialCount(result);
  const untrusted = untrustedScenarios(result).map(({ target, scenario: s }) => `${target.name} · ${s.name}: ${untrustedReason(s)}`);
  return [`${disturbed} of ${total} trials disturbed and left out`, ...(untrusted.length ? [`no verdict from ${untrusted.join('; ')}`] : [])].join('; ');
}

/** How the rounds ended: decided, out of budget, or fixed; with the verdict level that follows. */
function stopText(s: NonNullable<ResultFile['schedule']>): string {
  if (!s.stop) return '';
  const level = verdictLevel({ schedule: s });
  const how = stopReasonText(s.stop.reason);
  const pending = s.stop.pending.length ? ` (${s.stop.pending.length} of ${s.stop.asked} comparisons still undecided)` : s.stop.asked ? ` (${s.stop.asked} comparisons asked)` : '';
  return `; rounds stopped after ${s.rounds ?? '?'}: ${how}${pending}; verdicts at the ${(level * 100).toPrecision(4)}% level${s.sequential ? ` (alpha ${s.sequential.alpha} spent over looks after rounds ${looksOf(s.sequential).join(', ')})` : ''}`;
}
