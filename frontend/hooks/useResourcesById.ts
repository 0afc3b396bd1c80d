"use client";

import { useQueries } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api";
import type { Resource } from "@/lib/apiTypes";

/**
 * The listings behind a list of bookings, each fetched once (`GET /resources/:id`, cached under the
 * same key as `useApiQuery`, so a resource page opened later is instant). Bookings carry only their
 * resource's id; a table of them needs its region and specs.
 */
export function useResourcesById(ids: readonly number[]): Map<number, Resource> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ["api", `/resources/${id}`, null],
      queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch<Resource>(`/resources/${id}`, { signal }),
      staleTime: 60_000,
    })),
  });
  const byId = new Map<number, Resource>();
  results.forEach((r, i) => {
    if (r.data) byId.set(unique[i]!, r.data);
  });
  return byId;
}
