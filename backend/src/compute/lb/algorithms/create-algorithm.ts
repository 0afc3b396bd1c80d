import type { LbAlgorithm } from "../../types.js";
import { leastConn } from "./least-conn.js";
import { leastLoaded } from "./least-loaded.js";
import { p2c } from "./p2c.js";
import { QLearningRouter } from "./q-learning.js";
import { roundRobin } from "./round-robin.js";
import type { RoutingAlgorithm } from "./routing-algorithm.js";
import { urgency } from "./urgency.js";
import { weightedHistory } from "./weighted-history.js";

/** A fresh instance of the algorithm named `name`. */
export function createAlgorithm(name: LbAlgorithm): RoutingAlgorithm {
  switch (name) {
    case "round-robin":
      return roundRobin();
    case "least-conn":
      return leastConn();
    case "p2c":
      return p2c();
    case "least-loaded":
      return leastLoaded();
    case "urgency":
      return urgency();
    case "weighted-history":
      return weightedHistory();
    case "q-learning":
      return new QLearningRouter();
  }
}
