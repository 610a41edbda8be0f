import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Query } from './api-client';
import type { Page } from './types';

/** A cursor-paginated list ("load more"): pages are appended, total comes from the server. */
export function useCursorList<T>(key: readonly unknown[], path: string, query: Query = {}, limit = 20) {
  const q = useInfiniteQuery({
    queryKey: [...key, query],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<T>>(path, { ...query, cursor: pageParam, limit }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  return { ...q, items, total };
}
