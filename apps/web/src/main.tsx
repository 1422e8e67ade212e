import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ToastProvider } from './components/toasts';
import { setSessionHint } from './lib/session-hint';
import { queryClient, setSessionExpiredHandler } from './lib/trpc';
import { router } from './router';
import './index.css';

// An expired session anywhere sends the person to sign-in, and back here afterwards.
setSessionExpiredHandler(() => {
  const here = router.state.location.href;
  if (here.startsWith('/sign-in') || here.startsWith('/sign-up')) return;
  setSessionHint(false);
  queryClient.clear();
  void router.navigate({ to: '/sign-in', search: { redirect: here } });
});

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');
createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
