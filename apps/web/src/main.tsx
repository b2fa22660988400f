import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from '@tanstack/react-router';
import { Provider as UrqlProvider } from 'urql';
import { createApiClient } from './api/client';
import { router } from './router';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <UrqlProvider value={createApiClient()}>
      <RouterProvider router={router} />
    </UrqlProvider>
  </StrictMode>,
);
