import { startPostgres } from './test/helpers/postgres.js';
const pg = await startPostgres();
console.log(pg.url);
process.on('SIGTERM', () => { void pg.stop().then(() => process.exit(0)); });
setInterval(() => {}, 1 << 30);
