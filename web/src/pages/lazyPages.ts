/**
 * The pages the app opens on demand (issue 14 item 5): Today and the sign-in forms come with the
 * first download; every other page is its own chunk, fetched when first visited.
 */
import { lazyComponent } from '../lazyComponent.js';

export const ContactsPage = lazyComponent(() => import('./Contacts.js').then((m) => m.ContactsPage));
export const ContactPage = lazyComponent(() => import('./Contact.js').then((m) => m.ContactPage));
export const ImportExportPage = lazyComponent(() => import('./ImportExport.js').then((m) => m.ImportExportPage));
export const PipelinePage = lazyComponent(() => import('./Pipeline.js').then((m) => m.PipelinePage));
export const PlaybooksPage = lazyComponent(() => import('./Playbooks.js').then((m) => m.PlaybooksPage));
export const PlaybookPage = lazyComponent(() => import('./playbooks/PlaybookPage.js').then((m) => m.PlaybookPage));
export const InsightsPage = lazyComponent(() => import('./Insights.js').then((m) => m.InsightsPage));
export const TeamPage = lazyComponent(() => import('./team/TeamPage.js').then((m) => m.TeamPage));
export const SettingsPage = lazyComponent(() => import('./Settings.js').then((m) => m.SettingsPage));
