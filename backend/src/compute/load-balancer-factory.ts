import type { BackendConfig } from "../config/config.js";
import type { DecisionSink } from "../receipts/scheduling-decision.js";
import { createLoadBalancer } from "./lb/load-balancer.js";
import type { BookingLoadBalancer, LbAlgorithm } from "./types.js";

export type LoadBalancerFactoryOptions = { bookingId: bigint; algorithm: LbAlgorithm; sink?: DecisionSink };

/** Makes one booking's load balancer. */
export type LoadBalancerFactory = (options: LoadBalancerFactoryOptions) => BookingLoadBalancer;

/** Nest injection token of the {@link LoadBalancerFactory}. */
export const LOAD_BALANCER_FACTORY = Symbol("LOAD_BALANCER_FACTORY");

/** The configuration the factory reads (all optional: without it, the load balancer's defaults). */
export type LoadBalancerSettings = Partial<Pick<BackendConfig, "COMPUTE_LB_RATE_LIMIT_RPS" | "COMPUTE_LB_STATE_DIR">>;

/**
 * The factory of the full load balancer (`lb/load-balancer.ts`), with the node's settings: the
 * per-client rate limit of every booking's endpoint and where Q-learning tables are kept.
 */
export function defaultLoadBalancerFactory(settings: LoadBalancerSettings = {}): LoadBalancerFactory {
  const rps = settings.COMPUTE_LB_RATE_LIMIT_RPS ?? 0;
  return ({ bookingId, algorithm, sink }) =>
    createLoadBalancer({
      bookingId,
      algorithm,
      decisionSink: sink,
      rateLimit: { rps },
      stateDir: settings.COMPUTE_LB_STATE_DIR || undefined,
    });
}
