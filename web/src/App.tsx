import { Layout } from './components/Layout.js';
import { QueryError, Spinner, ToastProvider } from './components/ui.js';
import { match, useRoute } from './router.js';
import { useSession } from './session.js';
import { LoginPage, SetupPage } from './pages/Auth.js';
import { PageBoundary } from './components/PageBoundary.js';
import { TodayPage } from './pages/Today.js';
import { OutboxPage } from './pages/Outbox.js';
import { ContactPage, ContactsPage, ImportExportPage, InsightsPage, PipelinePage, PlaybookPage, PlaybooksPage, SettingsPage, TeamPage } from './pages/lazyPages.js';
import { ResetPasswordPage, resetTokenFromPath } from './pages/ResetPassword.js';

export function App() {
  // A reset link (/reset/<token>) is opened signed out, often on another device: no session needed.
  const resetToken = resetTokenFromPath(window.location.pathname);
  if (resetToken) return <ToastProvider><ResetPasswordPage token={resetToken} /></ToastProvider>;
  return <SignedInApp />;
}

function SignedInApp() {
  const session = useSession();
  if (session.isPending) return <main className="auth"><Spinner /></main>;
  if (session.isError) return <main className="auth"><QueryError error={session.error} what="the server" /></main>;
  const state = session.data;
  if (state.state === 'setup') return <ToastProvider><SetupPage /></ToastProvider>;
  if (state.state === 'login') return <ToastProvider><LoginPage /></ToastProvider>;
  return (
    <ToastProvider>
      <Layout>
        <RoutedPage />
      </Layout>
    </ToastProvider>
  );
}

function RoutedPage() {
  const { path, params } = useRoute();
  return <PageBoundary path={path}><Routes path={path} params={params} /></PageBoundary>;
}

function Routes({ path, params }: { path: string; params: URLSearchParams }) {
  let m: Record<string, string> | null;
  if (path === '/' || path === '/today') return <TodayPage date={params.get('date')} />;
  if (path === '/contacts') return <ContactsPage params={params} />;
  if ((m = match('/contacts/:id', path))) return <ContactPage id={m.id ?? ''} />;
  if (path === '/import') return <ImportExportPage />;
  if (path === '/pipeline') return <PipelinePage params={params} />;
  if (path === '/playbooks') return <PlaybooksPage />;
  if ((m = match('/playbooks/:id', path))) return <PlaybookPage id={m.id ?? ''} />;
  if (path === '/insights') return <InsightsPage />;
  if (path === '/team') return <TeamPage />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/outbox') return <OutboxPage attentionOnly={params.get('attention') === '1'} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is nothing at <code>{path}</code>. <a href="#/">Go to Today</a>.</p>
    </section>
  );
}
