import { isActOf } from '../record/act-catalogue.js';
import type { FastifyInstance } from 'fastify';
import { TextAnswer } from '../core/answers.js';
import { requireAuthenticated, type Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { WarningService } from './warning-service.js';

/** How often a connection looks for council procedures opened since it last looked. */
const POLL_MS = 2000;
/** At most this many procedures per look (a burst beyond it is sent on the next looks). */
const PER_POLL = 20;

/** A notification as the stream sends it (the `data:` of an SSE event named after `kind`). */
export type Notification =
  | {
      kind: 'procedure';
      id: string;
      title: string;
      charterId: string;
      procedureKind: string;
      openedBy: string;
      at: string;
      deadline: string | null;
      seq: number;
    }
  | {
      kind: 'alert';
      identifier: string;
      member: string;
      msgType: string;
      sent: string;
      impactTime: string;
    };

/** A CAP message is the reader's when it is addressed to its member; the secretariat reads all (as GET /api/warning/cap/messages). */
const mayRead = (p: Principal, member: string) =>
  p.role === 'secretariat' || (p.member !== null && p.member === member);

/**
 * GET /api/notifications/stream (#13.11): server-sent events for a signed-in reader — a council procedure
 * opened (the record is public, and so are its `council.procedure.opened` acts) and an Alert CAP message
 * issued to the reader's member (the secretariat: to any member). Authenticated like the rest of the API
 * (session cookie or bearer token); the public gets 401.
 */
export function notificationRoutes(app: FastifyInstance, deps: Deps, svc: WarningService): void {
  app.get(
    '/api/notifications/stream',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Server-sent events: council procedures opened (event: procedure) and Alert CAP messages to the reader (event: alert)',
        description:
          "text/event-stream. Each event's data is one JSON object: `procedure` {id, title, charterId, procedureKind, openedBy, at, deadline, seq}; `alert` {identifier, member, msgType, sent, impactTime}, only for CAP messages addressed to the reader's member (the secretariat: every member). Only what happens after the connection opens is sent; a comment line every 15 s keeps it open. 401 without a session or token.",
        response: {
          200: TextAnswer('text/event-stream', 'Server-sent events: procedure and alert'),
        },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      requireAuthenticated(p);
      // Procedures opened from now on: the record's seq grows by one per act.
      let last = await deps.record.count();
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      out.write(': connected\n\n');
      let closed = false;
      const send = (n: Notification) => {
        if (!closed) out.write(`event: ${n.kind}\ndata: ${JSON.stringify(n)}\n\n`);
      };
      const off = svc.subscribe((e) => {
        if (e.type === 'cap' && e.msgType === 'Alert' && mayRead(p, e.member))
          send({
            kind: 'alert',
            identifier: e.identifier,
            member: e.member,
            msgType: e.msgType,
            sent: e.sent,
            impactTime: e.impactTime,
          });
      });
      let busy = false;
      const look = async () => {
        if (busy || closed) return;
        busy = true;
        try {
          const acts = await deps.record.list({
            type: 'council.procedure.opened',
            afterSeq: last,
            limit: PER_POLL,
          });
          for (const act of acts) {
            last = Math.max(last, act.seq);
            if (!isActOf(act, 'council.procedure.opened')) continue;
            const o = act.payload;
            send({
              kind: 'procedure',
              id: o.procedureId,
              title: o.title,
              charterId: o.charterId,
              procedureKind: o.decisionType ?? o.kind,
              openedBy: act.actor,
              at: act.at,
              deadline: o.deadline,
              seq: act.seq,
            });
          }
        } catch (e) {
          req.log.warn({ err: e }, 'notification stream: reading the record failed');
        } finally {
          busy = false;
        }
      };
      const poll = setInterval(() => void look(), POLL_MS);
      const ping = setInterval(() => !closed && out.write(': ping\n\n'), 15000);
      req.raw.on('close', () => {
        closed = true;
        off();
        clearInterval(poll);
        clearInterval(ping);
      });
    },
  );
}
