import type { BookingState } from "./apiTypes";

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
