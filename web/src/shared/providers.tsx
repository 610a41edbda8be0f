import './antd-react19';
import './i18n';
import './global.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, theme } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from './api-client';
import { AuthProvider, ME_QUERY_KEY } from './auth';
import { useAntdLocale } from './i18n';

function onError(err: unknown) {
  // An expired session anywhere sends the app back to its login page.
  if (err instanceof ApiError && err.status === 401) {
    queryClient.setQueryData(ME_QUERY_KEY, null);
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'";

function Themed({ children }: { children: ReactNode }) {
  const locale = useAntdLocale();
  return (
    <ConfigProvider
      locale={locale}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: '#1677ff', borderRadius: 6, fontFamily: FONT_FAMILY },
      }}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

export function AppProviders({ children, offlineUserKey }: { children: ReactNode; offlineUserKey?: string }) {
  return (
    <QueryClientProvider client={queryClient}>
      <Themed>
        <AuthProvider offlineUserKey={offlineUserKey}>{children}</AuthProvider>
      </Themed>
    </QueryClientProvider>
  );
}
