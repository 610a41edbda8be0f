import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders } from '../shared/providers';
import { ConsoleApp } from './ConsoleApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders>
      <BrowserRouter>
        <ConsoleApp />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
