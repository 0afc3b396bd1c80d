import type { BookingState } from "./apiTypes";
import { formatRelative } from "./format";

/** The badge tone of a booking state. */
export function stateTone(state: BookingState | string): "neutral" | "green" | "amber" | "red" | "blue" {
  switch (state) {
    case "active":
      return "green";
    case "requested":
      return "blue";
    case "expired":
    case "ended":
      return "amber";
    case "cancelled":
    case "reclaimed":
      return "red";
    default:
      return "neutral";
  }
}

/** What the consumer may do in each state (mirrors `ResourceMarketplace`'s checks). */
export function consumerActions(state: BookingState | string): {
  extend: boolean;
  cancel: boolean;
  reclaim: boolean;
  complete: boolean;
} {
  return {
    extend: state === "requested" || state === "active",
    cancel: state === "requested" || state === "active",
    reclaim: state === "expired",
    complete: state === "ended",
  };
}

/**
 * A requested booking's activation deadline: the provider must activate it by `provisionDeadline`,
 * after which the consumer can reclaim everything. `now` is chain time (the indexed block's
 * timestamp), the clock the contract decides with. Null for any other state.
 */
export function activationDeadline(
  booking: { state: BookingState | string; provisionDeadline: number },
  now: number | null,
): { deadline: number; passed: boolean; relative: string | null } | null {
  if (booking.state !== "requested") return null;
  const deadline = booking.provisionDeadline;
  if (now === null) return { deadline, passed: false, relative: null };
  return { deadline, passed: now > deadline, relative: formatRelative(deadline, now) };
}
