// Progress display for the replay: a progress bar on a terminal, a log line
// every few seconds otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';
import type { ReplayProgress } from './run.js';

export interface ProgressView {
  update(progress: ReplayProgress): void;
  stop(): void;
}

export function createProgressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const startedAt = performance.now();
  let phase: string | undefined;
  let phaseStart = startedAt;
  if (!stream.isTTY) {
    let lastLog = 0;
    let lastDone = -1;
    return {
      update(p) {
        const now = performance.now();
        if (p.phase !== phase) {
          phase = p.phase;
          phaseStart = now;
          lastDone = -1;
        }
        const finished = p.done === p.total && p.done !== lastDone;
        if (now - lastLog < 5000 && !finished) return;
        lastLog = now;
        lastDone = p.done;
        const rate = Math.round(p.done / Math.max(0.001, (now - phaseStart) / 1000));
        stream.write(`replay ${p.phase}: ${p.done}${p.total === undefined ? '' : `/${p.total}`} read, ${p.produced} produced, ${p.rejected} rejected, ${rate}/s\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {phase} |{bar}| {percentage}% | {value}/{total} | {rate}/s | rejected {rejected} | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    update(p) {
      const now = performance.now();
      const total = p.total ?? p.done;
      if (p.phase !== phase) {
        if (phase !== undefined) bar.stop();
        phase = p.phase;
        phaseStart = now;
        bar.start(total, 0, { phase: p.phase.padEnd(7), rate: 0, rejected: 0 });
      }
      bar.setTotal(Math.max(total, p.done));
      bar.update(p.done, { rate: Math.round(p.done / Math.max(0.001, (now - phaseStart) / 1000)), rejected: p.rejected });
    },
    stop() {
      if (phase !== undefined) bar.stop();
    },
  };
}
