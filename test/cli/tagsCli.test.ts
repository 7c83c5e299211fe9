import { beforeAll, describe, expect, it } from 'vitest';
import type { BulkResult } from '../../src/shared/bulk.js';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = (...args: string[]) => sandbox.runAsync(...args);

/** Issue 16 item 3: `followthrough tag|untag|tags|views|bulk`. */
describe('followthrough tags and bulk', { timeout: 120_000 }, () => {
  beforeAll(() => sandbox.setUp({ timeZone: 'Europe/Berlin' }), 300_000);

  it('tags contacts, lists tags, previews a bulk enrolment, names a missing option, and exports by tag', async () => {
    for (const name of ['Ada Able', 'Bo Bold', 'Cy Closed']) expect((await cli('contact', 'add', name)).status).toBe(0);
    for (const name of ['Ada Able', 'Bo Bold', 'Cy Closed']) expect((await cli('tag', name, 'Fair')).stdout).toMatch(/^Tags: .*Fair/);
    expect((await cli('tag', 'Ada Able', 'VIP')).stdout).toBe('Tags: Fair, VIP\n');
    expect((await cli('tags')).stdout).toBe('Fair  (3)\nVIP  (1)\n');
    expect((await cli('untag', 'Ada Able', 'VIP')).stdout).toBe('Tags: Fair\n');

    const preview = await cli('bulk', 'enrol', '--with-tag', 'Fair', '--playbook', 'hard-to-reach', '--preview', '--json');
    expect(preview.status, preview.stderr).toBe(0);
    expect((JSON.parse(preview.stdout) as BulkResult)).toMatchObject({ preview: true, selected: 3, acted: 3 });

    const missing = await cli('bulk', 'tag', '--with-tag', 'Fair');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/tag is required/i);

    const csv = await cli('bulk', 'export', '--with-tag', 'Fair');
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect((await cli('bulk', '--help')).stdout).toContain('--preview');
    expect((await cli('views')).stdout).toBe('No saved views yet.\n');
  });
});
