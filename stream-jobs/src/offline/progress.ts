// Progress of an offline replay on stderr: a bar over the bytes of the hours
// to replay on a terminal, a log line every few seconds otherwise (CI, pipes).
import cliProgress from 'cli-progress';
import type { ReplayProgress } from './point-in-time.js';

export interface ReplayProgressView {
  update(progress: ReplayProgress): void;
  stop(): void;
}

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

export function createReplayProgress(label: string, stream: NodeJS.WriteStream = process.stderr): ReplayProgressView {
  const startedAt = performance.now();
  const rate = (events: number) => Math.round(events / Math.max(0.001, (performance.now() - startedAt) / 1000));
  if (!stream.isTTY) {
    let lastLog = -Infinity;
    return {
      update(p) {
        const now = performance.now();
        if (now - lastLog < 5000 && p.bytesRead < p.bytesTotal) return;
        lastLog = now;
        stream.write(`${label}: ${mib(p.bytesRead)}/${mib(p.bytesTotal)} MiB, ${p.events} events (${rate(p.events)}/s), ${p.queriesDone}/${p.queriesTotal} done\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ` ${label} |{bar}| {percentage}% | {events} events, {rate}/s | {queries} | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (!started) {
        bar.start(Math.max(1, p.bytesTotal), 0, { events: 0, rate: 0, queries: '' });
        started = true;
      }
      bar.update(p.bytesRead, { events: p.events, rate: rate(p.events), queries: `${p.queriesDone}/${p.queriesTotal}` });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
