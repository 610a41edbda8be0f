import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import { ApiError, api, setCsrfToken } from './api-client';
import { setBusinessZone } from './business-date';
import type { Role, SessionBody, SessionUser } from './types';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

interface AuthContextValue {
  user: SessionUser | null;
  loading: boolean;
  /** Error other than "not logged in" while loading the session (e.g. server unreachable). */
  error: unknown;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function readCachedUser(key: string | undefined): SessionUser | null {
  if (!key) return null;
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

function writeCachedUser(key: string | undefined, user: SessionUser | null): void {
  if (!key) return;
  try {
    if (user) localStorage.setItem(key, JSON.stringify(user));
    else localStorage.removeItem(key);
  } catch {
    // storage unavailable
  }
}

async function fetchMe(offlineUserKey: string | undefined): Promise<SessionUser | null> {
  try {
    const body = await api.get<SessionBody>('/api/v1/auth/me');
    setCsrfToken(body.csrfToken);
    setBusinessZone(body.zone);
    writeCachedUser(offlineUserKey, body.user);
    return body.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      writeCachedUser(offlineUserKey, null);
      return null;
    }
    // Offline: an app that works offline (the technician PWA) keeps the last known user; the CSRF
    // token stays unknown until the server answers again, so no write is sent meanwhile.
    const cached = err instanceof ApiError && err.isNetworkError ? readCachedUser(offlineUserKey) : null;
    if (cached) return cached;
    throw err;
  }
}

/**
 * Session context. `offlineUserKey`: localStorage key under which the last known user is kept, so that an
 * offline-capable app still opens without a connection.
 */
export function AuthProvider({ children, offlineUserKey }: { children: ReactNode; offlineUserKey?: string }) {
  const qc = useQueryClient();
  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: () => fetchMe(offlineUserKey),
    // Run even when the browser says it is offline: fetchMe handles that itself.
    networkMode: 'always',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const loginMutation = useMutation({
    mutationFn: (vars: { username: string; password: string }) =>
      api.post<SessionBody>('/api/v1/auth/session', vars),
  });

  const login = useCallback(
    async (username: string, password: string) => {
      const body = await loginMutation.mutateAsync({ username, password });
      setCsrfToken(body.csrfToken);
      setBusinessZone(body.zone);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      qc.setQueryData(ME_QUERY_KEY, body.user);
      writeCachedUser(offlineUserKey, body.user);
      return body.user;
    },
    [loginMutation, qc, offlineUserKey],
  );

  const logout = useCallback(async () => {
    try {
      await api.delete('/api/v1/auth/session');
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    } finally {
      setCsrfToken(null);
      writeCachedUser(offlineUserKey, null);
    }
    // Set the observed session query to null (observers are notified) and drop everything else; clearing
    // the whole cache would leave the mounted session observer on the old, removed query for a while.
    qc.setQueryData(ME_QUERY_KEY, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
  }, [qc, offlineUserKey]);

  const user = me.data ?? null;
  const value = useMemo<AuthContextValue>(
    () => ({
      user,
      loading: me.isPending,
      error: me.error,
      login,
      logout,
      hasRole: (...roles: Role[]) => !!user && roles.some((r) => user.roles.includes(r)),
    }),
    [user, me.isPending, me.error, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside <AuthProvider>');
  return ctx;
}
