"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { StatsPoint } from "@/lib/computeStats";

function Chart({ title, data, series }: { title: string; data: uPlot.AlignedData; series: uPlot.Series[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches;
    const axis = { stroke: dark ? "#a1a1aa" : "#52525b", grid: { stroke: dark ? "#27272a" : "#e4e4e7" } };
    plot.current = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 180,
        series: [{}, ...series],
        axes: [axis, axis],
        legend: { live: false },
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is built once; data updates go through setData below.
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return (
    <figure>
      <figcaption className="muted mb-1 text-xs">{title}</figcaption>
      <div ref={ref} />
    </figure>
  );
}

/** Live throughput and latency charts (uPlot: small, fast, canvas), loaded only where needed. */
export default function LiveCharts({ points }: { points: StatsPoint[] }) {
  const t = points.map((p) => p.t);
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-2" data-testid="live-charts">
      <Chart
        title="Requests per second"
        data={[t, points.map((p) => p.rps)]}
        series={[{ label: "rps", stroke: "#6366f1", width: 2 }]}
      />
      <Chart
        title="Latency (ms)"
        data={[t, points.map((p) => p.p50), points.map((p) => p.p90), points.map((p) => p.p99)]}
        series={[
          { label: "p50", stroke: "#10b981", width: 2 },
          { label: "p90", stroke: "#f59e0b", width: 2 },
          { label: "p99", stroke: "#ef4444", width: 2 },
        ]}
      />
    </div>
  );
}
