import { request } from "undici";
import type { LocalProcessProvisioner } from "../../src/compute/provisioners/local-process.provisioner.js";
import type { BuiltinWorkloadSpec, Instance } from "../../src/compute/types.js";

/** The built-in workload's run-time parameters (`PUT /__workload`). */
export type WorkloadPatch = Partial<{
  serviceTimeMs: number;
  serviceTimeJitterMs: number;
  cpuMs: number;
  failureRate: number;
  healthy: boolean;
}>;

/** Starts one built-in workload instance per spec through the local provisioner (real processes). */
export function startWorkloads(
  provisioner: LocalProcessProvisioner,
  specs: Omit<BuiltinWorkloadSpec, "kind" | "memoryMb">[],
): Promise<Instance[]> {
  return Promise.all(
    specs.map((s) =>
      provisioner.start({
        bookingId: 1n,
        workload: { kind: "builtin", memoryMb: 0, ...s },
        limits: { cpuCores: 1, memoryMb: 256 },
      }),
    ),
  );
}

/**
 * Changes a running instance's behaviour (e.g. makes it degrade mid-run).
 * @throws {Error} with the workload's message when it refuses the patch.
 */
export async function patchWorkload(instance: Instance, patch: WorkloadPatch): Promise<void> {
  const res = await request(`http://${instance.host}:${instance.port}/__workload`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(patch),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`PUT /__workload on ${instance.id}: ${res.statusCode} ${text}`);
}

/** Base URL of an instance, for direct (unproxied) runs. */
export const instanceUrl = (instance: Instance) => `http://${instance.host}:${instance.port}`;
