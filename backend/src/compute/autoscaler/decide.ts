/**
 * The auto-scaler's pure core, after Kubernetes' HorizontalPodAutoscaler:
 * `desired = ceil(current × metric / target)` for each metric, the largest wins; a ratio within
 * `tolerance` of 1 changes nothing; scale-up is immediate, scale-down takes the largest
 * recommendation of the stabilisation window; the result is clamped to [min, max].
 */

/** One metric as measured over the ready (warmed-up) instances. */
export type ScaleMetric = {
  name: "cpu" | "inflight";
  /** Sum over ready instances (cores used / CPU limit for `cpu`, requests in flight for `inflight`). */
  total: number;
  /** Target per instance (utilisation in (0, 1] for `cpu`, requests for `inflight`). */
  target: number;
};

export type ScaleInputs = {
  /** Unix milliseconds. */
  now: number;
  /** Instances the booking runs now (ready + warming). */
  current: number;
  /** Ready instances, whose measurements are in `metrics`. Warming ones count as 0 load on scale-up. */
  ready: number;
  metrics: ScaleMetric[];
  min: number;
  max: number;
  tolerance: number;
  scaleDownWindowMs: number;
  /** Earlier recommendations (the caller keeps those of the window; {@link decide} ignores older ones). */
  recommendations: readonly Recommendation[];
};

export type Recommendation = { at: number; replicas: number };

export type MetricReading = {
  name: ScaleMetric["name"];
  perInstance: number;
  target: number;
  ratio: number;
  replicas: number;
};

export type ScaleDecision = {
  /** Instances the booking should run. */
  desired: number;
  action: "up" | "down" | "none";
  /** This round's recommendation before stabilisation (also to append to the window). */
  recommendation: number;
  readings: MetricReading[];
  reason: string;
};

/** Decides how many instances to run. Pure: same inputs, same decision. */
export function decide(inputs: ScaleInputs): ScaleDecision {
  const { current, ready, min, max, tolerance } = inputs;
  const readings: MetricReading[] = [];
  let recommendation = current;
  if (ready > 0) {
    recommendation = 0;
    for (const metric of inputs.metrics) {
      const perInstance = metric.total / ready;
      let ratio = perInstance / metric.target;
      let replicas = current;
      if (Math.abs(ratio - 1) > tolerance) {
        if (ratio > 1 && ready < current) {
          // As the HPA does: warming instances count as idle, so a scale-up already under way is not repeated.
          ratio = metric.total / (current * metric.target);
          replicas = ratio > 1 + tolerance ? Math.ceil(current * ratio) : current;
        } else {
          // No scale-down while instances warm up (their load is unknown): the HPA counts them at the target.
          replicas = ratio < 1 && ready < current ? current : Math.ceil(ready * ratio);
        }
      }
      readings.push({ name: metric.name, perInstance, target: metric.target, ratio, replicas });
      recommendation = Math.max(recommendation, replicas);
    }
    if (inputs.metrics.length === 0) recommendation = current;
  }
  recommendation = clamp(recommendation, min, max);

  let desired = recommendation;
  let reason: string;
  if (current < min || current > max) {
    desired = clamp(current, min, max);
    reason = current < min ? `below the minimum of ${min}` : `above the maximum of ${max}`;
  } else if (recommendation > current) {
    reason = readingsText(readings, "above");
  } else if (recommendation < current) {
    // Stabilisation: the largest recommendation of the window (this one included).
    const since = inputs.now - inputs.scaleDownWindowMs;
    for (const r of inputs.recommendations) if (r.at > since) desired = Math.max(desired, r.replicas);
    desired = clamp(Math.min(desired, current), min, max);
    reason =
      desired < current
        ? `${readingsText(readings, "below")} for the whole ${inputs.scaleDownWindowMs} ms window`
        : `scale-down to ${recommendation} held by the stabilisation window`;
  } else {
    reason = ready === 0 ? "no ready instance to measure" : "within tolerance of the targets";
  }
  const action = desired > current ? "up" : desired < current ? "down" : "none";
  return { desired, action, recommendation, readings, reason };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function readingsText(readings: MetricReading[], side: "above" | "below"): string {
  return readings
    .filter((r) => (side === "above" ? r.ratio > 1 : r.ratio < 1))
    .map((r) => `${r.name} ${round(r.perInstance)}/instance ${side} target ${r.target}`)
    .join(", ");
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
