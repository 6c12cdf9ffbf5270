import type { Command } from 'commander';
import { dayOf } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import { isOneOf } from '../core/objects.js';
import { SECRETARIAT } from '../record/model.js';
import { readFileSync } from 'node:fs';
import { EventRecorder } from '../registry/event-acts.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_LANGUAGES,
  DocumentStore,
  type ArticleSpan,
} from '../registry/documents.js';
import { lifecycleFor } from '../registry/lifecycle-recorder.js';
import {
  LIFECYCLE_KINDS,
  PROVISION_OBLIGATIONS,
  type LifecyclePayload,
  type LifecycleProvision,
} from '../registry/lifecycle-model.js';
import type { Source } from '../registry/model.js';
import type { CliContext } from '../runtime/deps.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `--as QAT` or `--as secretariat`: whose key signs (the CLI holds the node's keys). */
function actorOf(as: string | undefined): string {
  if (!as) throw badInput('--as', 'say who acts: --as ISO3 (a member) or --as secretariat');
  if (as.toLowerCase() === 'secretariat') return SECRETARIAT;
  if (!/^[A-Z]{3}$/.test(as))
    throw badInput('--as', `'${as}' is not an ISO3 code or 'secretariat'`);
  return as;
}

/** `--provision "defense|Art. 5|An attack on one is an attack on all"` (optionally `|sha256`). */
function parseProvision(v: string, i: number): LifecycleProvision {
  const [obligation, article, summary, sha] = v.split('|').map((x) => x.trim());
  if (!isOneOf(PROVISION_OBLIGATIONS, obligation))
    throw badInput(
      `--provision[${i}]`,
      `'${obligation}' is not one of ${PROVISION_OBLIGATIONS.join(', ')} (format: obligation|article|summary[|sha256])`,
    );
  if (!article || !summary)
    throw badInput(`--provision[${i}]`, 'format: obligation|article|summary[|sha256]');
  return {
    obligation,
    article,
    summary,
    ...(sha ? { documentSha256: sha } : {}),
  };
}

/** `--source "title|url|date"`: url and date optional. */
function parseSource(v: string): Source {
  const [title, url, date] = v.split('|').map((x) => x.trim());
  return { title, ...(url ? { url } : {}), ...(date ? { date } : {}) };
}

const step = (s: { date: string } | null) => s?.date ?? '—';

export function registerAllianceCommands(program: Command, ctx: CliContext): void {
  const alliance = program
    .command('alliance')
    .description(
      "An alliance's own life cycle: accession, ratification, suspension, withdrawal (docs/lifecycle.md)",
    );

  alliance
    .command('status <alliance>')
    .description(
      "The alliance's life-cycle rule and each state's progress (applied … in force, reservations)",
    )
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const deps = await ctx.open();
      try {
        const rec = lifecycleFor(deps);
        const a = deps.registry.allianceOrThrow(id);
        const parties = rec.progress(a.id);
        if (o.json) {
          console.log(
            JSON.stringify(
              {
                alliance: a.id,
                status: a.status,
                rule: rec.rule(a.id) ?? null,
                conclusion: rec.conclusion(a.id),
                parties,
              },
              null,
              2,
            ),
          );
          return;
        }
        const rule = rec.rule(a.id);
        console.log(`${a.name} (${a.id}) — ${a.status}`);
        console.log(
          rule
            ? `admission: ${rule.admission.charterId} → ${rule.admission.decisionType} (${rule.admission.article}); members join by ${rule.entry}${rule.withdrawal ? `; withdrawal: ${rule.withdrawal.noticeMonths} months' notice (${rule.withdrawal.article})` : ''}`
            : 'no sourced life-cycle rules: no act is accepted',
        );
        const c = rec.conclusion(a.id);
        if (c)
          console.log(
            `text in force from ${c.date} (act ${c.actId}), ${c.provisions.length} clause(s)`,
          );
        if (!parties.length) {
          console.log('no life-cycle acts recorded');
          return;
        }
        console.log(
          'state  applied     admitted    signed      ratified    deposited   in force    withdrawal',
        );
        for (const p of parties)
          console.log(
            [
              p.state,
              step(p.applied),
              step(p.admitted),
              step(p.signed),
              step(p.ratified),
              step(p.deposited),
              step(p.inForce),
              p.withdrawal ? `${p.withdrawal.date} → ${p.withdrawal.effective}` : '—',
            ]
              .map((x, i) => (i === 0 ? x.padEnd(6) : x.padEnd(11)))
              .join(' '),
          );
        for (const p of parties)
          for (const r of p.reservations)
            console.log(`${p.state} ${r.kind} on ${r.article} (${r.date}): ${r.text}`);
      } finally {
        await deps.close();
      }
    });

  alliance
    .command('act <alliance> <kind>')
    .description(
      `Record a life-cycle act as a signed act: ${LIFECYCLE_KINDS.filter((k) => k !== 'exit').join(', ')}`,
    )
    .option(
      '--as <actor>',
      'who signs: the state itself, or secretariat (admission, suspension, readmission, entry into force)',
    )
    .option(
      '--state <iso3>',
      'the state concerned (omit for a proposal text\u2019s own entry into force)',
    )
    .option(
      '--date <date>',
      'the day the act takes effect (a withdrawal: the day notice is given); default today',
    )
    .option(
      '--decision <procedure>',
      'admission, suspension, readmission: the adopted council decision',
    )
    .option('--article <article>', 'reservation, declaration: the article')
    .option('--text <text>', 'reservation, declaration: the text')
    .option(
      '--provision <spec>',
      'entry into force of a text: obligation|article|summary[|sha256] (repeat)',
      collect,
    )
    .option('--document <sha256>', 'the sha256 of the document (text) the act refers to')
    .option('--note <note>', 'a note kept with the act')
    .option('--json', 'print the recorded act as JSON')
    .action(
      async (
        id: string,
        kind: string,
        o: Record<string, string | string[] | boolean | undefined>,
      ) => {
        if (!isOneOf(LIFECYCLE_KINDS, kind) || kind === 'exit')
          throw badInput(
            'kind',
            `'${kind}' is not a life-cycle act (${LIFECYCLE_KINDS.filter((k) => k !== 'exit').join(', ')})`,
          );
        const actor = actorOf(typeof o.as === 'string' ? o.as : undefined);
        const deps = await ctx.open();
        try {
          const str = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
          const payload: LifecyclePayload = {
            kind,
            allianceId: id,
            date: str('date') ?? dayOf(deps.clock.now()),
            ...(str('state') ? { state: str('state') } : {}),
            ...(str('decision') ? { decision: str('decision') } : {}),
            ...(str('article') ? { article: str('article') } : {}),
            ...(str('text') ? { text: str('text') } : {}),
            ...(str('document') ? { documentSha256: str('document') } : {}),
            ...(str('note') ? { note: str('note') } : {}),
            ...(Array.isArray(o.provision) ? { provisions: o.provision.map(parseProvision) } : {}),
          };
          const act = await lifecycleFor(deps).recordAct(actor, payload);
          if (o.json) console.log(JSON.stringify(act, null, 2));
          else {
            console.log(`recorded ${act.type} #${act.seq} (${act.actId}), signed by ${act.actor}`);
            const members = deps.registry
              .membersOn(id, payload.date)
              .filter((m) => m.role === 'member')
              .map((m) => m.state);
            console.log(`members of ${id} on ${payload.date}: ${members.join(', ') || 'none'}`);
          }
        } finally {
          await deps.close();
        }
      },
    );

  const events = program
    .command('events')
    .description('The timeline: events recorded as signed acts');
  events
    .command('add')
    .description('Record an event with its sources as a signed act (as POST /api/events)')
    .requiredOption('--as <actor>', 'who records it: a member (ISO3) or secretariat')
    .requiredOption('--date <date>', 'YYYY-MM-DD, not after today')
    .requiredOption('--title <title>', 'the event in a line (3 to 200 characters)')
    .requiredOption('--states <list>', 'ISO3 codes of the states concerned, comma-separated')
    .option('--alliances <list>', 'alliance ids, comma-separated', '')
    .option('--description <text>', 'what happened', '')
    .option('--source <spec>', 'title|url|date (repeat; at least one)', collect)
    .option('--json', 'print JSON')
    .action(
      async (o: {
        as: string;
        date: string;
        title: string;
        states: string;
        alliances: string;
        description: string;
        source?: string[];
        json?: boolean;
      }) => {
        const actor = actorOf(o.as);
        const deps = await ctx.open();
        try {
          const split = (v: string) =>
            v
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean);
          const recorded = await new EventRecorder(deps.record, deps.registry).recordEvent(
            actor,
            {
              date: o.date,
              title: o.title,
              description: o.description,
              states: split(o.states),
              allianceIds: split(o.alliances),
              sources: (o.source ?? []).map(parseSource),
            },
            dayOf(deps.clock.now()),
          );
          if (o.json) console.log(JSON.stringify(recorded, null, 2));
          else
            console.log(
              `recorded event ${recorded.event.id} as act #${recorded.seq} (${recorded.actId}), signed by ${actor}`,
            );
        } finally {
          await deps.close();
        }
      },
    );

  const docs = program
    .command('documents')
    .description(
      'Treaty texts, charters, communiqués, resolutions: uploaded, content-addressed (sha256)',
    );
  docs
    .command('upload <file>')
    .description(
      'Upload a UTF-8 text file as a new version of a document (a signed act naming its sha256)',
    )
    .requiredOption('--as <actor>', 'who uploads: a member (ISO3) or secretariat')
    .requiredOption('--id <documentId>', 'document slug, e.g. islamic-nato-text')
    .requiredOption('--title <title>', 'the document\u2019s title')
    .requiredOption('--language <ar|en>', 'the text\u2019s language')
    .option('--kind <kind>', DOCUMENT_KINDS.join(' | '), 'treaty_text')
    .option('--alliance <id>', 'the alliance it belongs to')
    .option(
      '--article <spec>',
      'where an article is: "Art. 5:FROM-TO" (character offsets; repeat)',
      collect,
    )
    .action(
      async (
        file: string,
        o: {
          as: string;
          id: string;
          title: string;
          language: string;
          kind: string;
          alliance?: string;
          article?: string[];
        },
      ) => {
        const actor = actorOf(o.as);
        const content = readFileSync(file, 'utf8');
        const articles: ArticleSpan[] = (o.article ?? []).map((spec, i) => {
          const m = /^(.+):(\d+)-(\d+)$/.exec(spec);
          if (!m) throw badInput(`--article[${i}]`, `'${spec}' is not ARTICLE:FROM-TO`);
          return { article: m[1].trim(), from: Number(m[2]), to: Number(m[3]) };
        });
        // The store checks these too; checked here first so that the input is typed as a document's.
        if (!isOneOf(DOCUMENT_KINDS, o.kind))
          throw badInput('kind', `one of ${DOCUMENT_KINDS.join(', ')}`);
        if (!isOneOf(DOCUMENT_LANGUAGES, o.language))
          throw badInput('language', `one of ${DOCUMENT_LANGUAGES.join(', ')}`);
        const { kind, language } = o;
        const deps = await ctx.open();
        try {
          const v = await new DocumentStore(deps.store, deps.record, deps.registry).upload(actor, {
            documentId: o.id,
            title: o.title,
            kind,
            language,
            ...(o.alliance ? { allianceId: o.alliance } : {}),
            articles,
            content,
          });
          console.log(
            `uploaded ${v.documentId} v${v.version} (${v.language}) sha256 ${v.sha256}, act ${v.actId}`,
          );
        } finally {
          await deps.close();
        }
      },
    );
  docs
    .command('list')
    .description('Every uploaded version: id, version, language, sha256, title')
    .option('--alliance <id>', 'only this alliance')
    .action(async (o: { alliance?: string }) => {
      const deps = await ctx.open();
      try {
        const list = await new DocumentStore(deps.store, deps.record, deps.registry).list(
          o.alliance,
        );
        for (const v of list)
          console.log(
            `${v.documentId} v${v.version} ${v.language} ${v.sha256} ${v.title} [${v.articles.map((a) => a.article).join(', ')}]`,
          );
        if (!list.length) console.log('no documents uploaded');
      } finally {
        await deps.close();
      }
    });
}
