import { Logger } from "@nestjs/common";
import type { DecisionSink } from "../receipts/scheduling-decision.js";
import { StandInLoadBalancer } from "./stand-in-load-balancer.js";
import type { BookingLoadBalancer, LbAlgorithm } from "./types.js";

export type LoadBalancerFactoryOptions = { bookingId: bigint; algorithm: LbAlgorithm; sink?: DecisionSink };

/** Makes one booking's load balancer. */
export type LoadBalancerFactory = (options: LoadBalancerFactoryOptions) => BookingLoadBalancer;

/** Nest injection token of the {@link LoadBalancerFactory}. */
export const LOAD_BALANCER_FACTORY = Symbol("LOAD_BALANCER_FACTORY");

/**
 * The full load balancer's `createLoadBalancer` (`lb/load-balancer.js`) when it is built, else the
 * {@link StandInLoadBalancer}. Imported dynamically so the compute module builds and runs whether
 * or not the load balancer has landed.
 */
export async function defaultLoadBalancerFactory(): Promise<LoadBalancerFactory> {
  const specifier = "./lb/load-balancer.js";
  try {
    const lb = (await import(specifier)) as { createLoadBalancer?: (options: unknown) => BookingLoadBalancer };
    if (typeof lb.createLoadBalancer === "function") {
      const create = lb.createLoadBalancer;
      return (options) => create({ ...options, decisionSink: options.sink });
    }
  } catch {
    // not built yet
  }
  new Logger("Compute").warn("lb/load-balancer.js not found: using the stand-in load balancer");
  return ({ bookingId, algorithm }) => new StandInLoadBalancer(bookingId, algorithm);
}
