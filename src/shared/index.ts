export * from './vocabulary.js';
export * from './common.js';
export * from './contacts.js';
export * from './followUps.js';
export * from './interactions.js';
export * from './agenda.js';
export * from './auth.js';
export * from './playbooks.js';
