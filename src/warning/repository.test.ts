import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, openTestStore } from '../store/testing.js';
import type { Store } from '../store/database.js';
import { WarningRepository, warningMigrations } from './repository.js';

describeEachDialect('warning repository', (dialect) => {
  let store: Store;
  let repo: WarningRepository;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await warningMigrations['1800_warning_init'].up(store.db);
    repo = new WarningRepository(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('stores CAP messages per member, newest first, and webhooks', async () => {
    const row = (id: string, member: string, sent: string) => ({
      identifier: id,
      member,
      threat_id: 'TH-1',
      msg_type: 'Alert',
      status: 'Exercise',
      sent,
      xml: `<alert>${id}</alert>`,
    });
    await repo.saveCap(row('a', 'QAT', '2026-01-01T00:00:01+00:00'));
    await repo.saveCap(row('b', 'QAT', '2026-01-01T00:00:05+00:00'));
    await repo.saveCap(row('c', 'BHR', '2026-01-01T00:00:03+00:00'));
    expect((await repo.recentCaps('QAT')).map((r) => r.identifier)).toEqual(['b', 'a']);
    expect((await repo.cap('c'))?.member).toBe('BHR');
    await expect(repo.saveCap(row('a', 'QAT', '2026-01-01T00:00:09+00:00'))).rejects.toThrow();
    await repo.addWebhook({
      id: 'w1',
      member: 'QAT',
      url: 'https://cd.example/qat',
      created_at: '2026-01-01T00:00:00Z',
    });
    expect((await repo.webhooks('QAT')).map((w) => w.url)).toEqual(['https://cd.example/qat']);
    expect(await repo.webhooks('BHR')).toEqual([]);
  });
});
