// Progress for long build and ship steps: a bar per step on a terminal, a log
// line every few seconds otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';

export interface StepView {
  /** A new step (or a message within one). */
  say(step: string, message: string): void;
  progress(step: string, done: number, total: number): void;
  stop(): void;
}

export function createStepView(stream: NodeJS.WriteStream = process.stderr): StepView {
  let bar: cliProgress.SingleBar | undefined;
  let barStep = '';
  let lastLog = 0;
  let lastSay = { topic: '', at: 0 };
  const endBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    say(step, message) {
      // Repeated progress messages of one topic ("features: 120/6000 ...") print at most every 3 s.
      const topic = `${step} ${message.split(':')[0]}`;
      const now = performance.now();
      if (topic === lastSay.topic && now - lastSay.at < 3000) return;
      lastSay = { topic, at: now };
      endBar();
      stream.write(`[${step}] ${message}\n`);
    },
    progress(step, done, total) {
      if (!stream.isTTY) {
        const now = performance.now();
        if (now - lastLog < 5000 && done < total) return;
        lastLog = now;
        stream.write(`[${step}] ${done}/${total}\n`);
        return;
      }
      if (!bar || barStep !== step) {
        endBar();
        barStep = step;
        bar = new cliProgress.SingleBar({ stream, format: ` ${step.padEnd(10)} |{bar}| {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.setTotal(total);
      bar.update(done);
      if (done >= total) endBar();
    },
    stop: endBar,
  };
}
