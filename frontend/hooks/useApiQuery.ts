"use client";

import { type UseQueryOptions, useQuery } from "@tanstack/react-query";
import { apiFetch, ApiError } from "@/lib/api";

/**
 * A TanStack Query over one backend path (the path is the cache key). 404s are not retried: an
 * unknown id, or a route the backend does not serve yet, is an answer, not a glitch.
 */
export function useApiQuery<T>(
  path: string | null,
  options: Omit<UseQueryOptions<T, Error>, "queryKey" | "queryFn"> & { token?: string | null } = {},
) {
  const { token, ...rest } = options;
  return useQuery<T, Error>({
    ...rest,
    queryKey: ["api", path, token ?? null],
    queryFn: ({ signal }) => apiFetch<T>(path!, { signal, token }),
    enabled: path !== null && (rest.enabled ?? true),
    retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
  });
}
