import type { Migration } from 'kysely';
import * as initial from './001_initial.js';
import * as playbooks from './002_playbooks.js';
import * as purchaseDate from './004_purchase_date.js';

/** Every migration in order. Names sort; never rename or edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_playbooks': playbooks,
  '004_purchase_date': purchaseDate,
};
