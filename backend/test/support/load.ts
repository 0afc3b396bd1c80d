import { Agent, request } from "undici";

export type LoadResult = { ok: number; failed: number; statuses: Record<string, number>; errors: string[] };

/**
 * A bounded closed-loop load generator: `concurrency` workers send requests back to back until
 * `stop()` or `maxMs`, whichever comes first. Counts non-2xx answers and connection errors as failed.
 */
export function startLoad(url: string, options: { concurrency: number; maxMs: number; path?: string }) {
  const agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 10_000 });
  const result: LoadResult = { ok: 0, failed: 0, statuses: {}, errors: [] };
  let running = true;
  const deadline = performance.now() + options.maxMs;
  const worker = async () => {
    while (running && performance.now() < deadline) {
      try {
        const res = await request(`${url}${options.path ?? "/work"}`, { dispatcher: agent, headersTimeout: 10_000 });
        await res.body.dump();
        result.statuses[res.statusCode] = (result.statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 200 && res.statusCode < 300) result.ok++;
        else result.failed++;
      } catch (error) {
        result.failed++;
        if (result.errors.length < 10) result.errors.push((error as Error).message);
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    result,
    async stop(): Promise<LoadResult> {
      running = false;
      await done;
      await agent.close();
      return result;
    },
  };
}
