import type { NetworkConnection } from "hardhat/types/network";
import DCloudXModule from "../../ignition/modules/DCloudX.js";
import type {
  DCXGovernor,
  DCXTimelock,
  DCXToken,
  EscrowManager,
  ReceiptRegistry,
  ResourceMarketplace,
  SLAEnforcement,
} from "../../types/ethers-contracts/index.js";

/** Parameters the tests deploy with: short windows so lifecycles fit in a test. */
export const TEST_PARAMS = {
  minStake: 1_000n * 10n ** 18n,
  provisionWindow: 600n,
  maxBookingDuration: 30n * 86_400n,
  platformFeeBps: 250n,
  reporterQuorum: 2n,
  disputeWindow: 3_600n,
  timelockDelay: 3_600n,
  votingDelay: 1n,
  votingPeriod: 20n,
  quorumPercent: 4n,
} as const;

export type Deployment = Awaited<ReturnType<typeof deployDCloudX>>;

/**
 * Runs the real Ignition module (the one `npm start` and `scripts/deploy.ts` use) on the given
 * connection, with three SLA reporters (quorum 2), and funds test accounts with tokens.
 * Accounts: 0 deployer/guardian, 1-2 providers, 3-4 consumers, 5-7 reporters, 8 outsider.
 */
export async function deployDCloudX(connection: NetworkConnection, params: Partial<typeof TEST_PARAMS> = {}) {
  const { ethers, ignition } = connection;
  const signers = await ethers.getSigners();
  const [deployer, provider, provider2, consumer, consumer2, reporter1, reporter2, reporter3, outsider] = signers;
  const reporters = [reporter1, reporter2, reporter3];
  const p = { ...TEST_PARAMS, ...params };
  const deployed = await ignition.deploy(DCloudXModule, {
    parameters: {
      DCloudX: {
        ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.toString()])),
        reporters: reporters.map((r) => r.address),
      },
    },
  });
  const at = async <T>(name: string, address: string) => (await ethers.getContractAt(name, address)) as unknown as T;
  const token = await at<DCXToken>("DCXToken", await deployed.token.getAddress());
  const timelock = await at<DCXTimelock>("DCXTimelock", await deployed.timelock.getAddress());
  const governor = await at<DCXGovernor>("DCXGovernor", await deployed.governor.getAddress());
  const escrow = await at<EscrowManager>("EscrowManager", await deployed.escrow.getAddress());
  const marketplace = await at<ResourceMarketplace>("ResourceMarketplace", await deployed.marketplace.getAddress());
  const sla = await at<SLAEnforcement>("SLAEnforcement", await deployed.sla.getAddress());
  const receipts = await at<ReceiptRegistry>("ReceiptRegistry", await deployed.receipts.getAddress());

  const funding = 1_000_000n * 10n ** 18n;
  for (const account of [provider, provider2, consumer, consumer2, outsider]) {
    await token.connect(deployer).transfer(account.address, funding);
  }

  return {
    connection,
    params: p,
    token,
    timelock,
    governor,
    escrow,
    marketplace,
    sla,
    receipts,
    deployer,
    provider,
    provider2,
    consumer,
    consumer2,
    reporters,
    outsider,
    signers,
  };
}
