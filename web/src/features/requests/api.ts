import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api-client';
import type { RequestEvent, ServiceRequest } from './types';

export const REFRESH_MS = 15_000;

export function requestPath(id: string): string {
  return `/api/v1/service-requests/${encodeURIComponent(id)}`;
}

export function useServiceRequest(id: string, refetchInterval: number | false = REFRESH_MS) {
  return useQuery({
    queryKey: ['service-request', id],
    queryFn: ({ signal }) => api.get<ServiceRequest>(requestPath(id), undefined, signal),
    refetchInterval,
  });
}

export function useRequestEvents(id: string, refetchInterval: number | false = REFRESH_MS) {
  return useQuery({
    queryKey: ['service-request', id, 'events'],
    queryFn: ({ signal }) =>
      api.get<{ items: RequestEvent[] }>(`${requestPath(id)}/events`, undefined, signal),
    refetchInterval,
  });
}

export type EventBody = { type: string } & Record<string, unknown>;

/** Posts an event; on success the request, its timeline and the lists are refreshed. */
export function usePostEvent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EventBody) => api.post<ServiceRequest>(`${requestPath(id)}/events`, body),
    onSuccess: (r) => {
      qc.setQueryData(['service-request', id], r);
      void qc.invalidateQueries({ queryKey: ['service-request', id, 'events'] });
      void qc.invalidateQueries({ queryKey: ['service-requests'] });
    },
  });
}
