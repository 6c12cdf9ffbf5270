import type { Kysely } from 'kysely';
import type { Migrations, SharedDb } from '../store/database.js';

interface CapRow {
  identifier: string;
  member: string;
  threat_id: string;
  msg_type: string;
  status: string;
  sent: string;
  xml: string;
}
interface WebhookRow {
  id: string;
  member: string;
  url: string;
  created_at: string;
}
export type WarningTables = {
  warning_cap_messages: CapRow;
  warning_webhooks: WebhookRow;
};

export const warningMigrations: Migrations = {
  '1800_warning_init': {
    async up(db) {
      await db.schema
        .createTable('warning_cap_messages')
        .ifNotExists()
        .addColumn('identifier', 'text', (c) => c.primaryKey())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('threat_id', 'text', (c) => c.notNull())
        .addColumn('msg_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sent', 'text', (c) => c.notNull())
        .addColumn('xml', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('warning_cap_member_sent')
        .ifNotExists()
        .on('warning_cap_messages')
        .columns(['member', 'sent'])
        .execute();
      await db.schema
        .createTable('warning_webhooks')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export class WarningRepository {
  private readonly db: Kysely<WarningTables>;
  constructor(db: SharedDb) {
    this.db = db.withTables<WarningTables>();
  }
  async saveCap(row: CapRow) {
    await this.db.insertInto('warning_cap_messages').values(row).execute();
  }
  recentCaps(member: string, limit = 50) {
    return this.db
      .selectFrom('warning_cap_messages')
      .selectAll()
      .where('member', '=', member)
      .orderBy('sent', 'desc')
      .orderBy('identifier', 'desc')
      .limit(limit)
      .execute();
  }
  cap(identifier: string) {
    return this.db
      .selectFrom('warning_cap_messages')
      .selectAll()
      .where('identifier', '=', identifier)
      .executeTakeFirst();
  }
  async addWebhook(row: WebhookRow) {
    await this.db.insertInto('warning_webhooks').values(row).execute();
  }
  webhooks(member?: string) {
    let q = this.db.selectFrom('warning_webhooks').selectAll();
    if (member) q = q.where('member', '=', member);
    return q.execute();
  }
}
