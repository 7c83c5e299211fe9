import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generate, type Dataset } from './generate.js';
import { buildApp } from '../src/http/app.js';
import { connect } from '../src/store/connect.js';
const url = 'file:/tmp/ftb/prof.db';
let dataset: Dataset;
if (!existsSync('/tmp/ftb/prof.json')) { dataset = await generate({ databaseUrl: url, scale: 0.05 }); writeFileSync('/tmp/ftb/prof.json', JSON.stringify(dataset)); }
else dataset = JSON.parse(readFileSync('/tmp/ftb/prof.json', 'utf8')) as Dataset;
const user = dataset.users[7]!;
const store = connect(url);
const app = await buildApp({ deps: { store, clock: Date.now, baseUrl: 'http://x' }, logger: false });
await app.ready();
const N = Number(process.env.N ?? 500);
for (let i = 0; i < 50; i++) await app.inject({ url: '/api/v1/agenda', headers: { authorization: `Bearer ${user.token}` } });
let t = performance.now(); let c = process.cpuUsage();
for (let i = 0; i < N; i++) { const r = await app.inject({ url: '/api/v1/agenda', headers: { authorization: `Bearer ${user.token}` } }); if (r.statusCode !== 200) throw new Error(r.body); }
console.log('agenda ms/req', ((performance.now() - t) / N).toFixed(3), 'cpu', (((process.cpuUsage(c).user + process.cpuUsage(c).system)/1000) / N).toFixed(3));
t = performance.now(); c = process.cpuUsage();
for (let i = 0; i < N; i++) await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${user.token}` } });
console.log('me ms/req', ((performance.now() - t) / N).toFixed(3), 'cpu', (((process.cpuUsage(c).user + process.cpuUsage(c).system)/1000) / N).toFixed(3));
await app.close(); await store.close();
