import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/** Fresh modules per test: `walletDemand` is page-wide state. */
async function load() {
  vi.resetModules();
  const { HeaderWalletLazy } = await import("./HeaderWalletLazy");
  const { walletDemand, hasStoredWallet } = await import("./walletDemand");
  return { HeaderWalletLazy, walletDemand, hasStoredWallet };
}

const storedWagmi = (state: unknown) => localStorage.setItem("wagmi.store", JSON.stringify({ state, version: 2 }));

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(cleanup);

describe("HeaderWalletLazy", () => {
  it("default: a plain Connect wallet button, and no wallet code asked for", async () => {
    const { HeaderWalletLazy, walletDemand } = await load();
    render(<HeaderWalletLazy />);
    const button = screen.getByTestId("connect-wallet");
    expect(button.textContent).toBe("Connect wallet");
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(button.getAttribute("aria-haspopup")).toBe("menu");
    expect(walletDemand.get()).toBe(false);
  });

  it("a click loads the wallet and opens its menu (dev wallet accounts on chain 31337)", async () => {
    const { HeaderWalletLazy, walletDemand } = await load();
    render(<HeaderWalletLazy />);
    fireEvent.click(screen.getByTestId("connect-wallet"));
    expect(walletDemand.get()).toBe(true);
    const menu = await screen.findByRole("menu", { name: "Wallets" }, { timeout: 15_000 });
    expect(menu.textContent).toContain("Dev wallet");
    expect(screen.getByTestId("connect-wallet").getAttribute("aria-expanded")).toBe("true");
  }, 20_000);

  it("a connection to restore loads the wallet at once", async () => {
    storedWagmi({ connections: { __type: "Map", value: [["uid", {}]] }, chainId: 31337, current: "uid" });
    const { HeaderWalletLazy, walletDemand } = await load();
    render(<HeaderWalletLazy />);
    expect(walletDemand.get()).toBe(true);
  });

  it("a page with wallet forms asks for the wallet", async () => {
    const { HeaderWalletLazy, walletDemand } = await load();
    const { WalletProviders } = await import("./WalletProviders");
    render(<HeaderWalletLazy />);
    expect(walletDemand.get()).toBe(false);
    render(
      <WalletProviders>
        <p>form</p>
      </WalletProviders>,
    );
    expect(walletDemand.get()).toBe(true);
  }, 20_000);
});

describe("hasStoredWallet", () => {
  it("default: nothing stored", async () => {
    const { hasStoredWallet } = await load();
    expect(hasStoredWallet()).toBe(false);
  });
  it("args: wagmi state after a disconnect (no current connection)", async () => {
    storedWagmi({ connections: { __type: "Map", value: [] }, chainId: 31337, current: null });
    const { hasStoredWallet } = await load();
    expect(hasStoredWallet()).toBe(false);
  });
  it("args: wagmi state with a current connection", async () => {
    storedWagmi({ connections: { __type: "Map", value: [["uid", {}]] }, chainId: 31337, current: "uid" });
    const { hasStoredWallet } = await load();
    expect(hasStoredWallet()).toBe(true);
  });
  it("args: a SIWE session", async () => {
    sessionStorage.setItem("dcx.session", JSON.stringify({ token: "t" }));
    const { hasStoredWallet } = await load();
    expect(hasStoredWallet()).toBe(true);
  });
  it("errors: unreadable wagmi state counts as nothing stored", async () => {
    localStorage.setItem("wagmi.store", "{not json");
    const { hasStoredWallet } = await load();
    expect(hasStoredWallet()).toBe(false);
  });
});
