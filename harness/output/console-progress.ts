// The progress display on stderr: a phase line per step and, on a terminal, a live req/s line.
import type { BenchEvents } from './bench-events.js';
import { formatRps, formatUs } from '../metrics/format.js';

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): BenchEvents {
  const live = stream.isTTY === true;
  let liveLine = false;
  const clearLive = () => {
    if (liveLine) stream.write('\r\x1b[2K');
    liveLine = false;
  };
  const line = (text: string) => {
    clearLive();
    stream.write(text + '\n');
  };
  return {
    stage(title) {
      line(`\n== ${title}`);
    },
    phase(name, phase, detail) {
      if (phase === 'trial') return; // trials report on their own
      line(`  ${name}: ${phase}${detail ? ` (${detail})` : ''}`);
    },
    trialProgress(name, scenario, liveRps) {
      if (!live) return;
      stream.write(`\r\x1b[2K  ${name} ${scenario}: ${formatRps(liveRps)} req/s`);
      liveLine = true;
    },
    trialFinished(r) {
      const mark = r.disturbed ? `  [disturbed, left out: ${r.disturbed}]` : r.clientBound ? '  [client-bound: the load generator saturated first]' : '';
      line(`  ${r.target} ${r.scenario} (round ${r.round}, clean ${r.clean}/${r.wanted}): ${formatRps(r.rps)} req/s, p99 ${formatUs(r.p99Us)}${mark}`);
    },
    targetFinished(name, status, error) {
      if (status !== 'ok') line(`  ${name}: ${status}${error ? `: ${error.split('\n')[0]}` : ''}`);
    },
    info(message) {
      line(`  ${message}`);
    },
    warn(message) {
      line(`warning: ${message}`);
    },
  };
}
