/** EIP-6963 `info` of the injected test wallet. */
export type WalletInfo = { uuid: string; name: string; rdns: string; icon: string };

/**
 * The page side of the test wallet, as JavaScript source run before any of the page's scripts: an
 * EIP-1193 provider whose `request` goes to the Node function `window[bridge]` (exposed with
 * `exposeFunction`), which answers `{ result }` or `{ error: { code, message, data } }` plus events
 * to emit (`accountsChanged`, `chainChanged`); it announces itself with `eip6963:announceProvider`
 * and again on every `eip6963:requestProvider`. `window[bridge + "Emit"]` lets Node emit events.
 *
 * Kept as plain source (not a serialized TypeScript function) so no transpiler helper leaks into it.
 */
export function injectedProviderScript(bridge: string, info: WalletInfo): string {
  return `(() => {
  const bridge = ${JSON.stringify(bridge)};
  const info = Object.freeze(${JSON.stringify(info)});
  const listeners = new Map();
  const emit = (event, payload) => {
    for (const fn of listeners.get(event) ?? []) {
      try { fn(payload); } catch (error) { console.error(error); }
    }
  };
  const provider = {
    isDcxE2eWallet: true,
    async request({ method, params }) {
      const answer = JSON.parse(await window[bridge](JSON.stringify({ method, params: params ?? [] })));
      for (const [event, payload] of answer.events ?? []) emit(event, payload);
      if (answer.error) {
        throw Object.assign(new Error(answer.error.message), { code: answer.error.code, data: answer.error.data });
      }
      return answer.result;
    },
    on(event, fn) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(fn);
      return provider;
    },
    removeListener(event, fn) {
      listeners.get(event)?.delete(fn);
      return provider;
    },
  };
  window[bridge + "Emit"] = emit;
  const detail = Object.freeze({ info, provider });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;
}
