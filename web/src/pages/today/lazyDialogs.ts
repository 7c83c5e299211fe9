/**
 * Today's dialogs come in their own chunks, not with the first download: they bring the forms' code
 * (time zone arithmetic, validation hints) that drawing the day does not need. Today preloads them
 * once its list is on screen and the browser is idle, so a click opens them at once.
 */
import { lazyComponent } from '../../lazyComponent.js';

export const LogDialog = lazyComponent(() => import('../../components/LogDialog.js').then((m) => m.LogDialog));
export const RescheduleDialog = lazyComponent(() => import('../../components/FollowUpDialogs.js').then((m) => m.RescheduleDialog));
export const CancelDialog = lazyComponent(() => import('../../components/FollowUpDialogs.js').then((m) => m.CancelDialog));
export const BookingLinkDialog = lazyComponent(() => import('../../components/BookingLinkDialog.js').then((m) => m.BookingLinkDialog));

export const preloadTodayDialogs = (): void => {
  for (const dialog of [LogDialog, RescheduleDialog, CancelDialog, BookingLinkDialog]) dialog.preload();
};
