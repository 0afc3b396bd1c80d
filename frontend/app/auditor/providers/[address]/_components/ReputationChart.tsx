import { formatBps, formatTimestamp } from "@/lib/format";

/** Reputation after each applied SLA report, as a small SVG line (no chart library needed). */
export function ReputationChart({ points }: { points: { t: number; bps: number }[] }) {
  const w = 600;
  const h = 120;
  const xs = points.map((_, i) => (points.length === 1 ? w / 2 : (i / (points.length - 1)) * w));
  const ys = points.map((p) => h - (p.bps / 10_000) * h);
  const last = points[points.length - 1]!;
  return (
    <figure className="mt-3">
      <svg
        viewBox={`0 0 ${w} ${h}`}
        className="h-32 w-full"
        role="img"
        aria-label={`Reputation, now ${formatBps(last.bps)}`}
      >
        <polyline fill="none" stroke="#6366f1" strokeWidth="2" points={xs.map((x, i) => `${x},${ys[i]}`).join(" ")} />
        {xs.map((x, i) => (
          <circle key={i} cx={x} cy={ys[i]} r="3" fill="#6366f1">
            <title>
              {formatTimestamp(points[i]!.t)}: {formatBps(points[i]!.bps)}
            </title>
          </circle>
        ))}
      </svg>
      <figcaption className="muted text-xs">
        {points.length} applied report{points.length === 1 ? "" : "s"} · now {formatBps(last.bps)}
      </figcaption>
    </figure>
  );
}
