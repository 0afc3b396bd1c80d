import type { Visitor } from "../../support/app.js";

/** Hardhat accounts of the lifecycle journey (the other journeys use #2 and #4-#6; #10 is the backend's scheduler). */
export const PROVIDER_ACCOUNT = 7;
export const CONSUMER_ACCOUNT = 8;

/** A region no other journey lists in, so the consumer's filter finds exactly the provider's listing. */
export const JOURNEY_REGION = "e2e-lab-1";

/**
 * What the steps of the provider → consumer → auditor journey hand to each other. The three people
 * keep their browser contexts (wallet connection, session) from one step to the next, as a person
 * keeps a tab open; the live feed watcher opens `/live` before anything is booked.
 */
export type LifecycleState = {
  provider: Visitor;
  consumer: Visitor;
  watcher: Visitor;
  /** Websocket frames the live feed page received (their text), to tell pushed events from polled ones. */
  liveFrames: string[];
  resourceId?: number;
  bookingId?: number;
  /** The booking's load balancer URL, as the booking page shows it. */
  endpoint?: string;
  /** The consumer's SIWE session token (from the page's sessionStorage). */
  consumerToken?: string;
};

/** `value`, or a failure naming the earlier step that should have produced it. */
export function needs<T>(value: T | undefined, what: string, step: string): T {
  if (value === undefined)
    throw new Error(`${what} is missing: the step "${step}" did not complete (see its failure above).`);
  return value;
}
