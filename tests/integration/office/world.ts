import { handler as createTask } from '#functions/office/create-task.ts';
import { handler as listTasks } from '#functions/office/list-tasks.ts';
import { setClock } from '#lib/clock.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

export { create, notificationCount, notifications } from '#tests/integration/followups/world.ts';
export { type World, world } from '#tests/support/world.ts';

/** Fixes the clock at an instant (ISO) for the arrange or act step that follows. */
export const at = (iso: string) => setClock(new Date(iso));

export async function task(as: Caller, body: Record<string, unknown>) {
  const res = await invoke('POST /v1/tasks', createTask, {
    as,
    body: { title: `准备报价单${Math.random().toString(36).slice(2, 8)}`, ...body },
  });
  if (res.status !== 201) throw new Error(`task failed: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; [k: string]: any };
}

export async function tasks(as: Caller, query: Record<string, string> = {}) {
  const res = await invoke('GET /v1/tasks', listTasks, { as, query });
  if (res.status !== 200) throw new Error(`tasks failed: ${res.status} ${res.text}`);
  return res.body.items as Array<{ id: string; [k: string]: any }>;
}

export const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);
