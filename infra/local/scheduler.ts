import { randomUUID } from 'node:crypto';
import { setClock } from '#lib/clock.ts';
import { HttpError } from '#lib/http/errors.ts';
import type { JobSpec } from '#lib/jobs.ts';
import { lambdaContext, loadHandler } from './handlers.ts';

export interface JobRun {
  job: string;
  /** The instant the job ran at (the `now` it was given, or the real time). */
  now: string;
  result: unknown;
}

/** `rate(5 minutes)` in milliseconds; undefined for anything else (cron). */
export function rateMs(schedule: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule.trim());
  if (!match) return undefined;
  const unit = match[2]?.startsWith('minute')
    ? 60_000
    : match[2]?.startsWith('hour')
      ? 3_600_000
      : 86_400_000;
  return Number(match[1]) * unit;
}

/** The event EventBridge Scheduler delivers to a scheduled Lambda. */
const scheduledEvent = (name: string, at: Date) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: process.env.AWS_REGION ?? 'local',
  resources: [`arn:aws:events:local:000000000000:rule/local-${name}`],
  detail: {},
});

/**
 * Runs the scheduled jobs of lib/jobs.ts locally, one at a time: a run may fix the clock to the
 * `now` it was asked for, and the clock is process-wide, so runs never overlap.
 */
export function createJobRunner(table: Record<string, JobSpec>, log: (line: string) => void) {
  let queue: Promise<unknown> = Promise.resolve();
  const timers: NodeJS.Timeout[] = [];

  const runnable = (name: string) => (Object.hasOwn(table, name) ? table[name] : undefined);

  const spec = (name: string): JobSpec => {
    const job = runnable(name);
    if (!job) {
      throw new HttpError(404, 'unknown_job', 'Not found', `There is no runnable job named "${name}".`);
    }
    return job;
  };

  function run(name: string, at?: Date): Promise<JobRun> {
    const job = spec(name);
    const next = queue.then(async () => {
      const handler = await loadHandler(job.handler);
      if (at) setClock(at);
      try {
        const started = at ?? new Date();
        const result = await handler(scheduledEvent(name, started), lambdaContext(job.handler, 900_000));
        return { job: name, now: started.toISOString(), result: result ?? null };
      } finally {
        if (at) setClock(undefined);
      }
    });
    queue = next.catch(() => undefined);
    return next;
  }

  /** Fires every `rate(...)` job on its schedule (cron jobs run on demand only); says what it did. */
  function start(): string[] {
    const lines: string[] = [];
    for (const [name, job] of Object.entries(table)) {
      const every = rateMs(job.schedule);
      if (every === undefined) {
        lines.push(`${name}: ${job.schedule} is not timed locally; run it with POST /local/jobs/${name}/run`);
        continue;
      }
      const timer = setInterval(() => {
        run(name).catch((error: unknown) => log(`job ${name} failed: ${(error as Error).message}`));
      }, every);
      timer.unref();
      timers.push(timer);
      lines.push(`${name}: every ${every / 60_000} min (${job.schedule})`);
    }
    return lines;
  }

  const stop = () => {
    for (const timer of timers.splice(0)) clearInterval(timer);
  };

  return { run, start, stop, runnable: (name: string) => runnable(name) !== undefined };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
