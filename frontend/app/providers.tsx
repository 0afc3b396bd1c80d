"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

/**
 * Root client providers: TanStack Query only. Wallet code (wagmi, viem signing) is not here: it is
 * loaded by the pages that need it and lazily by the header (`components/wallet/`), which keeps the
 * marketplace's first load small.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: false } } }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
