import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { Layout } from './layout/Layout';
import { JobPage, jobSearch } from './pages/JobPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportsPage } from './pages/ReportsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SnapshotPage, snapshotSearch } from './pages/SnapshotPage';
import { SnapshotsPage } from './pages/SnapshotsPage';
import { TracePage, traceSearch } from './pages/TracePage';
import { DiffPage, diffSearch } from './pages/DiffPage';
import { BatchPage, batchSearch } from './pages/BatchPage';

// Every view's state lives in its URL (path and search), so a link shows exactly the same view.
const rootRoute = createRootRoute({ component: Layout, notFoundComponent: NotFoundPage });

const snapshotsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): { q?: string } => (typeof search['q'] === 'string' ? { q: search['q'] } : {}),
  component: SnapshotsPage,
});
const snapshotRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/snapshots/$snapshotId',
  validateSearch: snapshotSearch,
  component: SnapshotPage,
});
const traceRoute = createRoute({ getParentRoute: () => rootRoute, path: '/trace', validateSearch: traceSearch, component: TracePage });
const batchRoute = createRoute({ getParentRoute: () => rootRoute, path: '/batch', validateSearch: batchSearch, component: BatchPage });
const diffRoute = createRoute({ getParentRoute: () => rootRoute, path: '/diff', validateSearch: diffSearch, component: DiffPage });
const jobRoute = createRoute({ getParentRoute: () => rootRoute, path: '/jobs/$jobId', validateSearch: jobSearch, component: JobPage });
const reportsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/reports', component: ReportsPage });
const settingsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/settings', component: SettingsPage });

const routeTree = rootRoute.addChildren([
  snapshotsRoute,
  snapshotRoute,
  traceRoute,
  batchRoute,
  diffRoute,
  jobRoute,
  reportsRoute,
  settingsRoute,
]);

export const router = createRouter({ routeTree, defaultPreload: false, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
