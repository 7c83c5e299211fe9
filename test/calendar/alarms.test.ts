import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { meSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

type Me = z.infer<typeof meSchema>;

describe.each(testDialects())('reminder lead and calendar alarms on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect, { at: '2026-03-02T17:00:00Z', owner: { timeZone: 'Europe/London' } }));
  });
  afterAll(async () => { await closeAll(t); });

  describe('the reminder lead setting', () => {
    it('is 10 minutes for a new user, kept when changed, and 0 turns it off', async () => {
      expect((await api.get<Me>('/api/v1/me')).body.user.reminderMinutes).toBe(10);
      const patched = await api.patch<Me['user']>('/api/v1/me', { reminderMinutes: 45 });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body.reminderMinutes).toBe(45);
      expect((await api.get<Me>('/api/v1/me')).body.user.reminderMinutes).toBe(45);
      expect((await api.patch<Me['user']>('/api/v1/me', { reminderMinutes: 0 })).body.reminderMinutes).toBe(0);
      expect((await api.patch<Me['user']>('/api/v1/me', { reminderMinutes: 1440 })).body.reminderMinutes).toBe(1440);
      // Another change leaves it as it was.
      expect((await api.patch<Me['user']>('/api/v1/me', { name: 'Olivia O.' })).body.reminderMinutes).toBe(1440);
    });

    it('refuses a negative, fractional, too long or non-number lead with a 400 naming the reminder, and changes nothing', async () => {
      await api.patch('/api/v1/me', { reminderMinutes: 30 });
      for (const reminderMinutes of [-1, 1441, 2.5, '15', null]) {
        const refused = await api.patch('/api/v1/me', { reminderMinutes, name: 'Changed Name' });
        const problem = expectProblem(refused, 400);
        expect(problemPaths(problem), String(reminderMinutes)).toEqual(['reminderMinutes']);
        expect(JSON.stringify(problem)).toContain('Reminder');
      }
      const me = (await api.get<Me>('/api/v1/me')).body.user;
      expect(me.reminderMinutes).toBe(30);
      expect(me.name).not.toBe('Changed Name');
    });
  });
});
