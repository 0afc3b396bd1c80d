/**
 * One load balancer under test, in its own process (`fork`ed by `bench-lb.ts`): the load
 * generator must not share its event loop, just as nginx does not share wrk's. Obtained only
 * through `defaultLoadBalancerFactory()`, so it is whatever the compute plane would run. Talks to
 * the parent over IPC (`lb-protocol.ts`); exits when the parent goes away.
 */
import { defaultLoadBalancerFactory } from "../../src/compute/load-balancer-factory.js";
import type { BookingLoadBalancer } from "../../src/compute/types.js";
import type { FromLb, ToLb } from "./lb-protocol.js";

let lb: BookingLoadBalancer | undefined;
/** Routing decisions the load balancer emitted (each would become a receipt). */
let decisions = 0;

const send = (message: FromLb) => process.send?.(message);

async function handle(message: ToLb): Promise<void> {
  switch (message.type) {
    case "start": {
      const factory = await defaultLoadBalancerFactory();
      lb = factory({
        bookingId: message.bookingId,
        algorithm: message.algorithm,
        sink: { record: () => void decisions++ },
      });
      for (const u of message.upstreams) lb.addUpstream({ ...u, healthPath: "/healthz" }, { slowStartMs: 0 });
      send({ type: "ready", url: await lb.listen({ host: "127.0.0.1", port: 0 }) });
      return;
    }
    case "load":
      lb?.updateLoad(message.id, message.stats);
      return;
    case "snapshot":
      if (lb) send({ type: "snapshot", snapshot: lb.snapshot(), decisions });
      return;
    case "close":
      await lb?.close();
      process.exit(0);
  }
}

process.on("message", (message: ToLb) => {
  handle(message).catch((error: Error) => send({ type: "error", message: error.stack ?? error.message }));
});
process.on("disconnect", () => process.exit(0));
