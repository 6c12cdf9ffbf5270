import type { FastifyInstance } from 'fastify';
import { TextAnswer } from '../core/answers.js';
import { requireAuthenticated, type Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { Notice, NoticeSource } from '../runtime/ports.js';
import type { WarningService } from './warning-service.js';

/** A notification as the stream sends it (the `data:` of an SSE event named after `kind`; runtime/ports.ts). */
export type Notification = Notice;

/** A CAP message is the reader's when it is addressed to its member; the secretariat reads all (as GET /api/warning/cap/messages). */
const mayRead = (p: Principal, member: string) =>
  p.role === 'secretariat' || (p.member !== null && p.member === member);

/** The warning's notices: each Alert CAP message issued from now on to the reader's member (the secretariat: to any). */
export function alertNotices(svc: WarningService): NoticeSource {
  return {
    watch: (who, send) =>
      svc.subscribe((e) => {
        if (e.type === 'cap' && e.msgType === 'Alert' && mayRead(who, e.member))
          send({
            kind: 'alert',
            identifier: e.identifier,
            member: e.member,
            msgType: e.msgType,
            sent: e.sent,
            impactTime: e.impactTime,
          });
      }),
  };
}

/**
 * GET /api/notifications/stream (#13.11): server-sent events for a signed-in reader, merged from the
 * modules' notice sources (runtime/ports.ts), each of which sends only what the reader may see: a council
 * procedure opened (the record is public; `due` when it awaits the reader's member's vote or position), an
 * intelligence object newly visible to the reader (read through the hub's releasability, as the feed), an
 * Alert CAP message issued to the reader's member (the secretariat: to any member). A source whose module
 * is not composed sends nothing. Authenticated like the rest of the API (session cookie or bearer token);
 * the public gets 401.
 */
export function notificationRoutes(app: FastifyInstance, deps: Deps, svc: WarningService): void {
  app.get(
    '/api/notifications/stream',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Server-sent events for the reader: council procedures opened (event: procedure), intelligence newly visible to the reader (event: intel), Alert CAP messages to the reader (event: alert)',
        description:
          "text/event-stream. Each event's data is one JSON object: `procedure` {id, title, charterId, procedureKind, openedBy, at, deadline, seq, due} where `due` is the act awaited from the reader's member (`vote`, `position`, `objection` under the silence procedure) or null; `intel` {id, type, name, originator, collection, dateAdded}, only for objects the reader may read (collection and label releasability, as GET /api/intel/feed; not the member's own objects, relationships or sightings; a receipt is recorded with channel `notification`); `alert` {identifier, member, msgType, sent, impactTime}, only for CAP messages addressed to the reader's member (the secretariat: every member). Only what happens after the connection opens is sent (council and intelligence are looked at every 2 s); a comment line every 15 s keeps it open. 401 without a session or token.",
        response: {
          200: TextAnswer('text/event-stream', 'Server-sent events: procedure, intel and alert'),
        },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      requireAuthenticated(p);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      out.write(': connected\n\n');
      let closed = false;
      const send = (n: Notice) => {
        if (!closed) out.write(`event: ${n.kind}\ndata: ${JSON.stringify(n)}\n\n`);
      };
      const sources = [alertNotices(svc), deps.ports.councilNotices, deps.ports.intelNotices];
      const stops = sources.flatMap((s) => (s ? [s.watch(p, send)] : []));
      const ping = setInterval(() => !closed && out.write(': ping\n\n'), 15000);
      req.raw.on('close', () => {
        closed = true;
        for (const stop of stops) stop();
        clearInterval(ping);
      });
    },
  );
}
