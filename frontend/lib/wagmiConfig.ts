import { createConfig, http } from "wagmi";
import { injected } from "wagmi/connectors";
import { appChain } from "./chain";
import { config } from "./config";
import { devAccounts } from "./devAccounts";
import { devWallet } from "./devWallet";

/**
 * wagmi: the configured chain only; wallets discovered through EIP-6963 (`multiInjectedProviderDiscovery`)
 * plus a generic injected connector for `window.ethereum`; on chain 31337 only, the dev wallet's accounts.
 */
export const wagmiConfig = createConfig({
  chains: [appChain],
  multiInjectedProviderDiscovery: true,
  connectors: [injected({ shimDisconnect: true }), ...(config.devWalletEnabled ? devAccounts.map(devWallet) : [])],
  transports: { [appChain.id]: http(config.rpcUrl) },
  ssr: true,
});
