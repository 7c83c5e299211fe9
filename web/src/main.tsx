import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isApiError } from './api.js';
import { App } from './App.js';
import { startAgendaEarly } from './earlyAgenda.js';
import { sessionKey } from './session.js';
import { registerServiceWorker } from './sw/register.js';
import { applyTheme, storedTheme } from './theme.js';
import './styles.css';

const onError = (error: unknown, key?: readonly unknown[]) => {
  // An expired session anywhere sends the user back to the login form, keeping the route they were on.
  if (isApiError(error) && error.status === 401 && key?.[0] !== 'session') void client.invalidateQueries({ queryKey: sessionKey });
};

const client: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onError(error) }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

startAgendaEarly(window.location.hash);
applyTheme(storedTheme());
registerServiceWorker();
// A session drawn from the offline copy has no CSRF token: ask the server again once it can be reached.
window.addEventListener('online', () => void client.invalidateQueries({ queryKey: sessionKey }));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
