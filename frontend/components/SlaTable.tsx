import { Badge } from "@/components/StateViews";
import type { SlaReport } from "@/lib/apiTypes";
import { formatBps, formatTimestamp, formatToken } from "@/lib/format";

/** SLA reports as a table. */
export function SlaTable({ reports }: { reports: SlaReport[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Booking</th>
            <th scope="col">Period</th>
            <th scope="col">Uptime</th>
            <th scope="col">Outcome</th>
            <th scope="col">Status</th>
            <th scope="col">Penalty</th>
            <th scope="col">Finalized</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={`${r.bookingId}-${r.period}`} data-testid="sla-report-row">
              <td>#{r.bookingId}</td>
              <td>{r.period}</td>
              <td>{r.uptimeBps !== null ? formatBps(r.uptimeBps) : "—"}</td>
              <td>
                {r.violated === null ? (
                  <Badge>pending</Badge>
                ) : r.violated ? (
                  <Badge tone="red">violated</Badge>
                ) : (
                  <Badge tone="green">met</Badge>
                )}
              </td>
              <td>{r.status}</td>
              <td>{r.penalty ? formatToken(r.penalty) : "—"}</td>
              <td>{formatTimestamp(r.finalizedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
