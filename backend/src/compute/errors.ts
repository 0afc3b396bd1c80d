/**
 * Errors of the compute plane, grouped like viem's: one base class with a literal `name` per
 * failure, so callers (controllers) can map them to HTTP statuses.
 */
export class ComputeError extends Error {
  override name = "ComputeError";
}

/** A workload spec that cannot run (bad command, out-of-bounds size...). Maps to HTTP 400. */
export class WorkloadSpecError extends ComputeError {
  override name = "WorkloadSpecError";
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

/** An instance that could not be started (exited early, never became healthy). */
export class ProvisionError extends ComputeError {
  override name = "ProvisionError";
  constructor(
    message: string,
    /** The last lines the process wrote to stderr, if any. */
    readonly stderr = "",
  ) {
    super(stderr ? `${message}; stderr: ${stderr}` : message);
  }
}
