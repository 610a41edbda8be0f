import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders } from '../shared/providers';
import { TechApp } from './TechApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders offlineUserKey="aftercare.tech.user">
      <BrowserRouter basename="/tech">
        <TechApp />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/tech/sw.js', { scope: '/tech/' }).catch((err: unknown) => {
      console.warn('service worker registration failed', err);
    });
  });
}
