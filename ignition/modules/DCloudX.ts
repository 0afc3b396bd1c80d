import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";

const DEFAULT_ADMIN_ROLE = "0x0000000000000000000000000000000000000000000000000000000000000000";
const PAUSER_ROLE = id("PAUSER_ROLE");
const MARKETPLACE_ROLE = id("MARKETPLACE_ROLE");
const SLA_ROLE = id("SLA_ROLE");
const PROPOSER_ROLE = id("PROPOSER_ROLE");
const CANCELLER_ROLE = id("CANCELLER_ROLE");

/**
 * Deploys D-CloudX wired together and hands every parameter to governance:
 * DCXToken → DCXTimelock + DCXGovernor → EscrowManager → ResourceMarketplace → SLAEnforcement → ReceiptRegistry.
 *
 * The deployer grants the contracts the roles they need on each other, gives DEFAULT_ADMIN_ROLE to
 * the timelock and renounces its own; it keeps PAUSER_ROLE as the emergency guardian (governance
 * holds it too and can revoke it). Every value below is an Ignition parameter; defaults suit a
 * public network, and `scripts/deploy.ts` passes short periods for the local chain.
 */
export default buildModule("DCloudX", (m) => {
  const deployer = m.getAccount(0);

  const minStake = m.getParameter("minStake", 1_000n * 10n ** 18n);
  const provisionWindow = m.getParameter("provisionWindow", 3_600n);
  const maxBookingDuration = m.getParameter("maxBookingDuration", 365n * 86_400n);
  const platformFeeBps = m.getParameter("platformFeeBps", 250n);
  const reporters = m.getParameter<string[]>("reporters", []);
  const reporterQuorum = m.getParameter("reporterQuorum", 1n);
  const disputeWindow = m.getParameter("disputeWindow", 86_400n);
  const timelockDelay = m.getParameter("timelockDelay", 2n * 86_400n);
  const votingDelay = m.getParameter("votingDelay", 7_200n);
  const votingPeriod = m.getParameter("votingPeriod", 50_400n);
  const quorumPercent = m.getParameter("quorumPercent", 4n);

  const token = m.contract("DCXToken", [deployer]);
  const timelock = m.contract("DCXTimelock", [
    timelockDelay,
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer,
  ]);
  const governor = m.contract("DCXGovernor", [token, timelock, votingDelay, votingPeriod, quorumPercent]);
  const escrow = m.contract("EscrowManager", [token, deployer, timelock, platformFeeBps]);
  const marketplace = m.contract("ResourceMarketplace", [
    token,
    escrow,
    deployer,
    minStake,
    provisionWindow,
    maxBookingDuration,
  ]);
  const sla = m.contract("SLAEnforcement", [marketplace, escrow, deployer, reporters, reporterQuorum, disputeWindow]);
  const receipts = m.contract("ReceiptRegistry", [marketplace]);

  // Contracts' roles on each other.
  const escrowMarketplace = m.call(escrow, "grantRole", [MARKETPLACE_ROLE, marketplace], {
    id: "escrow_grant_marketplace",
  });
  const escrowSla = m.call(escrow, "grantRole", [SLA_ROLE, sla], { id: "escrow_grant_sla" });
  const marketplaceSla = m.call(marketplace, "grantRole", [SLA_ROLE, sla], { id: "marketplace_grant_sla" });

  // Governance: the governor proposes and cancels on the timelock.
  const proposer = m.call(timelock, "grantRole", [PROPOSER_ROLE, governor], { id: "timelock_grant_proposer" });
  const canceller = m.call(timelock, "grantRole", [CANCELLER_ROLE, governor], { id: "timelock_grant_canceller" });

  // Hand every parameter to the timelock, then drop the deployer's admin roles.
  const handOver = [escrowMarketplace, escrowSla, marketplaceSla];
  for (const [name, contract, pausable] of [
    ["escrow", escrow, true],
    ["marketplace", marketplace, true],
    ["sla", sla, false],
  ] as const) {
    const admin = m.call(contract, "grantRole", [DEFAULT_ADMIN_ROLE, timelock], {
      id: `${name}_grant_admin_timelock`,
      after: handOver,
    });
    const pauser = pausable
      ? [
          m.call(contract, "grantRole", [PAUSER_ROLE, timelock], {
            id: `${name}_grant_pauser_timelock`,
            after: [admin],
          }),
        ]
      : [];
    m.call(contract, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
      id: `${name}_renounce_admin`,
      after: [admin, ...pauser],
    });
  }
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
    id: "timelock_renounce_admin",
    after: [proposer, canceller],
  });

  return { token, timelock, governor, escrow, marketplace, sla, receipts };
});
