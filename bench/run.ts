/** `npm run bench`: runs every benchmark in turn; results also land in bench/results/*.json. */
const benches: [string, () => Promise<{ run(): Promise<void> }>][] = [
  ['web app', () => import('./webApp.js')],
];

const only = process.argv[2];
for (const [name, load] of benches) {
  if (only && !name.includes(only)) continue;
  const started = Date.now();
  await (await load()).run();
  console.log(`  (${name}: ${Math.round((Date.now() - started) / 1000)} s)\n`);
}
