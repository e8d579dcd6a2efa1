import { ClientsScreen } from './catalog/ClientsScreen.tsx';
import { ProjectScreen } from './catalog/ProjectScreen.tsx';
import { ProjectsScreen } from './catalog/ProjectsScreen.tsx';
import { TagsScreen } from './catalog/TagsScreen.tsx';
import { ConnectedServices } from './connections/ConnectedServices.tsx';
import { Dashboard } from './dashboard/Dashboard.tsx';
import { useI18n } from './i18n.tsx';
import { AcceptInvite } from './auth/AcceptInvite.tsx';
import { Login } from './auth/Login.tsx';
import { Signup } from './auth/Signup.tsx';
import { ProfileScreen } from './pages/Profile.tsx';
import { ReportsScreen } from './reports/ReportsScreen.tsx';
import { Link, useLocation } from './router.tsx';
import { PUBLIC_PATHS, useSession } from './session.tsx';
import { RulesScreen } from './rules/RulesScreen.tsx';
import { ImportScreen } from './settings/ImportScreen.tsx';
import { OrganizationScreen } from './settings/OrganizationScreen.tsx';
import { Frame, ScreenTitle } from './shell/Frame.tsx';
import { TeamScreen } from './team/TeamScreen.tsx';
import { TimesheetScreen } from './timesheet/TimesheetScreen.tsx';

export function App() {
  const session = useSession();
  const { path } = useLocation();
  const { t } = useI18n();
  if (session.state.status === 'loading') {
    return (
      <div className="boot" aria-busy="true">
        {t('state.loading')}
      </div>
    );
  }
  if (PUBLIC_PATHS.includes(path) || session.state.status === 'signedOut') {
    if (path === '/signup') return <Signup />;
    if (path === '/invite') return <AcceptInvite />;
    return <Login />;
  }
  const project = /^\/projects\/([A-Za-z0-9_-]+)$/.exec(path);
  if (project) return <ProjectScreen key={project[1]} id={project[1]!} />;
  switch (path) {
    case '/projects':
      return <ProjectsScreen />;
    case '/clients':
      return <ClientsScreen />;
    case '/tags':
      return <TagsScreen />;
    case '/team':
      return <TeamScreen />;
    case '/settings/import':
      return <ImportScreen />;
    case '/settings/organization':
      return <OrganizationScreen />;
    case '/rules':
      return <RulesScreen />;
    case '/':
      return <Dashboard />;
    case '/timesheet':
      return <TimesheetScreen />;
    case '/reports':
      return <ReportsScreen />;
    case '/connected-services':
      return <ConnectedServices />;
    case '/profile':
      return <ProfileScreen />;
    default:
      return (
        <Frame>
          <main className="page">
            <ScreenTitle>{t('notFound.title')}</ScreenTitle>
            <p>{t('notFound.body')}</p>
            <p>
              <Link to="/">{t('notFound.home')}</Link>
            </p>
          </main>
        </Frame>
      );
  }
}
