// generated — do not edit. Written by scripts/generateAbis.ts from deployments/*.json.

import type { DeployedContracts } from "../contracts/types.js";

/** Where each contract is deployed, by chain id: its address and the block to index its events from. */
export const deployedContracts = {
  31337: {
    DCXGovernor: { address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", startBlock: 0n },
    DCXTimelock: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", startBlock: 0n },
    DCXToken: { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", startBlock: 0n },
    EscrowManager: { address: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9", startBlock: 0n },
    ReceiptRegistry: { address: "0xa513E6E4b8f2a923D98304ec87F64353C4D5C853", startBlock: 0n },
    ResourceMarketplace: { address: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9", startBlock: 0n },
    SLAEnforcement: { address: "0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6", startBlock: 0n },
  },
} as const satisfies DeployedContracts;
