import { sql, type Generated, type Insertable, type Kysely } from 'kysely';
import type { Migrations, SharedDb } from '../store/database.js';

interface CapRow {
  identifier: string;
  member: string;
  threat_id: string;
  msg_type: string;
  status: string;
  sent: string;
  xml: string;
  /** 1 while the message is stored but not yet acknowledged by the bus (cap-relay.ts), else 0. */
  bus_pending: Generated<number>;
}
/** What the relay needs of a stored CAP message to publish it. */
export type CapBusRow = Pick<CapRow, 'identifier' | 'member' | 'msg_type' | 'sent' | 'xml'>;
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
  '1801_warning_cap_bus_pending': {
    async up(db) {
      await db.schema
        .alterTable('warning_cap_messages')
        .addColumn('bus_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('warning_cap_bus_pending')
        .ifNotExists()
        .on('warning_cap_messages')
        .columns(['bus_pending', 'sent'])
        .execute();
    },
  },
};

export class WarningRepository {
  private readonly db: Kysely<WarningTables>;
  constructor(db: SharedDb) {
    this.db = db.withTables<WarningTables>();
  }
  async saveCap(row: Insertable<CapRow>) {
    await this.db.insertInto('warning_cap_messages').values(row).execute();
  }
  /** Stored messages not yet on the bus, in the order they were issued. */
  capsPendingOnBus(): Promise<CapBusRow[]> {
    return this.db
      .selectFrom('warning_cap_messages')
      .select(['identifier', 'member', 'msg_type', 'sent', 'xml'])
      .where('bus_pending', '=', 1)
      .orderBy('sent')
      .orderBy('identifier')
      .limit(100_000)
      .execute();
  }
  async markCapPublished(identifier: string) {
    await this.db
      .updateTable('warning_cap_messages')
      .set({ bus_pending: 0 })
      .where('identifier', '=', identifier)
      .execute();
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
  /**
   * Messages of one CAP type counted by UTC day (`sent` is written at UTC, +00:00), member and status
   * (Actual or Exercise), for days from `from` to `to` inclusive; only `members` when given.
   */
  capCountsByDay(q: { msgType: string; from: string; to: string; members?: string[] }) {
    const day = sql<string>`substr(sent, 1, 10)`;
    let query = this.db
      .selectFrom('warning_cap_messages')
      .select([
        day.as('day'),
        'member',
        'status',
        (eb) => eb.fn.countAll<number | string>().as('n'),
      ])
      .where('msg_type', '=', q.msgType)
      .where('sent', '>=', q.from)
      .where('sent', '<', `${q.to}T99`);
    if (q.members) {
      if (!q.members.length) return Promise.resolve([]);
      query = query.where('member', 'in', q.members);
    }
    return query.groupBy([day, 'member', 'status']).execute();
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
