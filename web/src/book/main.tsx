import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BookingPage } from './BookingPage.js';
import { LinkGone } from './Messages.js';
import { bookingTokenFromPath } from './bookingApi.js';
import '../styles.css';
import './book.css';

// The page a client opens from a booking link: its own small entry, so none of the salesperson's app is loaded.
const token = bookingTokenFromPath(window.location.pathname);
// A time picked in the suggested-times email arrives as ?slot=<instant>.
const wantedSlot = new URLSearchParams(window.location.search).get('slot');

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {token ? <BookingPage token={token} wantedSlot={wantedSlot} /> : <LinkGone />}
    </StrictMode>,
  );
}
