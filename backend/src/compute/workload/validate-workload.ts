import { resolveCommand } from "../provisioners/resolve-command.js";
import type { InstanceLimits, WorkloadSpec } from "../types.js";

/** Bounds of the built-in workload's parameters (also enforced by the workload process itself). */
export const BUILTIN_BOUNDS = {
  serviceTimeMs: [0, 60_000],
  serviceTimeJitterMs: [0, 60_000],
  cpuMsPerRequest: [0, 10_000],
  failureRate: [0, 1],
} as const;

export const COMMAND_LIMITS = { args: 64, argLength: 4_096, env: 64, envValueLength: 4_096 } as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Variables the provisioner sets itself; a consumer may not override them. */
const RESERVED_ENV = new Set(["PATH", "NODE_OPTIONS", "LD_PRELOAD", "LD_LIBRARY_PATH"]);

/**
 * Problems that keep `spec` from running within `limits`, one clear sentence each (empty when it
 * can run). Checks values, not only types: sizes within the booked resource, the command exists
 * and is executable, environment names are valid.
 */
export function validateWorkload(spec: WorkloadSpec, limits: InstanceLimits): string[] {
  const problems: string[] = [];
  const inRange = (name: string, value: unknown, [min, max]: readonly [number, number], unit = "") => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      problems.push(`${name} must be a number in [${min}, ${max}]${unit}, got ${JSON.stringify(value)}`);
    }
  };
  if (spec.kind === "builtin") {
    inRange("serviceTimeMs", spec.serviceTimeMs, BUILTIN_BOUNDS.serviceTimeMs, " ms");
    if (spec.serviceTimeJitterMs !== undefined) {
      inRange("serviceTimeJitterMs", spec.serviceTimeJitterMs, BUILTIN_BOUNDS.serviceTimeJitterMs, " ms");
    }
    inRange("cpuMsPerRequest", spec.cpuMsPerRequest, BUILTIN_BOUNDS.cpuMsPerRequest, " ms");
    inRange("failureRate", spec.failureRate, BUILTIN_BOUNDS.failureRate);
    inRange("memoryMb", spec.memoryMb, [0, limits.memoryMb], " MiB (the booked resource's memory per instance)");
    return problems;
  }
  if (spec.kind !== "command") return [`kind must be "builtin" or "command"`];
  if (typeof spec.command !== "string" || spec.command.length === 0 || spec.command.includes("\0")) {
    problems.push("command must be a non-empty string");
  } else if (!resolveCommand(spec.command)) {
    problems.push(
      `command ${JSON.stringify(spec.command.slice(0, 200))} is not an executable file (give an absolute path or a name on PATH)`,
    );
  }
  if (!Array.isArray(spec.args) || spec.args.length > COMMAND_LIMITS.args) {
    problems.push(`args must be an array of at most ${COMMAND_LIMITS.args} strings`);
  } else if (spec.args.some((a) => typeof a !== "string" || a.length > COMMAND_LIMITS.argLength || a.includes("\0"))) {
    problems.push(`each arg must be a string of at most ${COMMAND_LIMITS.argLength} characters`);
  }
  const env = spec.env ?? {};
  const names = Object.keys(env);
  if (names.length > COMMAND_LIMITS.env) problems.push(`env may hold at most ${COMMAND_LIMITS.env} variables`);
  for (const name of names) {
    if (!ENV_NAME.test(name))
      problems.push(`env name ${JSON.stringify(name.slice(0, 130))} is not a valid variable name`);
    else if (RESERVED_ENV.has(name)) problems.push(`env name ${name} is reserved`);
    const value = env[name];
    if (typeof value !== "string" || value.length > COMMAND_LIMITS.envValueLength || value.includes("\0")) {
      problems.push(
        `env ${name.slice(0, 130)} must be a string of at most ${COMMAND_LIMITS.envValueLength} characters`,
      );
    }
  }
  if (spec.portEnv !== undefined && (!ENV_NAME.test(spec.portEnv) || RESERVED_ENV.has(spec.portEnv))) {
    problems.push(`portEnv ${JSON.stringify(String(spec.portEnv).slice(0, 130))} is not a valid variable name`);
  }
  if (spec.healthPath !== undefined && !/^\/[\x21-\x7e]{0,2047}$/.test(spec.healthPath)) {
    problems.push("healthPath must be a path starting with / (printable ASCII, at most 2048 characters)");
  }
  return problems;
}
