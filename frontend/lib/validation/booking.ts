/** Units a duration can be typed in. */
export const durationUnits = { minutes: 60, hours: 3600, days: 86_400 } as const;
export type DurationUnit = keyof typeof durationUnits;

export type BookingFormInput = {
  /** As typed. */
  amount: string;
  unit: DurationUnit;
  /** The listing's price per second (wei). */
  pricePerSecond: bigint;
  /** `ResourceMarketplace.maxBookingDuration()` in seconds, when known. */
  maxDurationSeconds?: number;
  /** The account's DCX balance, when known. */
  balance?: bigint;
};

export type BookingValidation =
  | { ok: true; durationSeconds: number; cost: bigint; error?: undefined }
  | { ok: false; durationSeconds?: number; cost?: bigint; error: string };

/**
 * Validates a booking (or extension) duration and computes its cost `pricePerSecond × duration`,
 * as `book` / `extendBooking` do: a whole number of seconds above zero, at most the marketplace's
 * maximum, and a cost the balance covers.
 */
export function validateBooking({
  amount,
  unit,
  pricePerSecond,
  maxDurationSeconds,
  balance,
}: BookingFormInput): BookingValidation {
  const text = amount.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, error: "Enter a duration." };
  const durationSeconds = Math.round(Number(text) * durationUnits[unit]);
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds <= 0)
    return { ok: false, error: "Duration must be above zero." };
  const cost = pricePerSecond * BigInt(durationSeconds);
  if (maxDurationSeconds !== undefined && durationSeconds > maxDurationSeconds)
    return {
      ok: false,
      durationSeconds,
      cost,
      error: `Duration exceeds the marketplace maximum of ${Math.floor(maxDurationSeconds / 3600)} hours.`,
    };
  if (balance !== undefined && cost > balance)
    return { ok: false, durationSeconds, cost, error: "Insufficient DCX balance for this duration." };
  return { ok: true, durationSeconds, cost };
}
