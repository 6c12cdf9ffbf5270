import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { badInput, forbidden } from '../core/errors.js';
import { fromBase64, leafHash, verifyConsistency, verifyInclusion } from '../core/merkle.js';
import { checkNoteSignature, parseCheckpointText, parseNote } from '../core/signed-note.js';
import { openNode, type Node } from '../app/node.js';
import { describeCheckpoint } from '../record/tlog-routes.js';
import {
  leafData,
  publicLeafData,
  type StoredCheckpoint,
  type TransparencyLog,
} from '../record/transparency-log.js';
import { ownView, PUBLIC_VIEW } from '../record/views.js';

const positiveInt = (value: string, field: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw badInput(field, `${field} must be a positive integer, got '${value}'`);
  return n;
};

const VIEWS = ['public', 'own', 'full'] as const;
type LogView = (typeof VIEWS)[number];
const isLogView = (v: string): v is LogView => VIEWS.some((x) => x === v);

interface LogOptions {
  view?: string;
  token?: string;
}

/** The log a reader asked for, with what names it in the output. */
interface ChosenLog {
  view: LogView;
  log: TransparencyLog;
  /** The view whose entries are the log's leaves (public, own:<member>); absent for the full record. */
  entries?: string;
  /** Words for the output: "the public view's log", "QAT's own view's log", "the full record's log". */
  label: string;
  checkpoint(): Promise<StoredCheckpoint>;
}

/**
 * The log `--view` names, as the API serves it: `public` (default: what a signed-out reader sees),
 * `own` (a member user's token: the log of that member's private acts), `full` (a secretariat token).
 * The token is checked against this node's tokens, as the API checks it.
 */
async function chooseLog(node: Node, opts: LogOptions): Promise<ChosenLog> {
  const view = opts.view ?? 'public';
  if (!isLogView(view))
    throw badInput('--view', `--view must be one of ${VIEWS.join(', ')}, got '${view}'`);
  if (view === 'public')
    return {
      view,
      log: node.publicTransparency,
      entries: PUBLIC_VIEW,
      label: "the public view's log",
      checkpoint: () => node.publicCheckpoint(),
    };
  if (!opts.token)
    throw badInput(
      '--token',
      `--view ${view} needs credentials: --token with ${view === 'full' ? 'a secretariat' : "a member user's"} token (tahaluf token create)`,
    );
  const principal = await node.tokens.resolve(opts.token);
  if (!principal)
    throw badInput('--token', 'the token is not valid on this node (unknown, revoked or expired)');
  if (view === 'full') {
    if (principal.role !== 'secretariat')
      throw forbidden('the log of the full record is shown to the secretariat only');
    return {
      view,
      log: node.transparency,
      label: "the full record's log",
      checkpoint: () => node.checkpoint(),
    };
  }
  const member = principal.member;
  if (!member)
    throw forbidden("--view own is the log of a member's private acts: a member's token");
  return {
    view,
    log: node.ownTransparency(member),
    entries: ownView(member),
    label: `${member}'s own view's log`,
    checkpoint: () => node.ownCheckpoint(member),
  };
}

/** The checkpoint's root, once its signature verifies with the log's key. */
async function verifiedRoot(chosen: ChosenLog, cp: StoredCheckpoint): Promise<Uint8Array> {
  const note = parseNote(cp.note);
  if (checkNoteSignature(note, await chosen.log.logKey()) !== true)
    throw new Error(
      `the checkpoint of size ${cp.size} is not signed by ${chosen.log.origin}'s key`,
    );
  return fromBase64(parseCheckpointText(note.text).rootHash);
}

const viewOption = [
  '--view <view>',
  "which log: public (default, what a signed-out reader sees), own (a member's private acts: --token of a member user), full (the whole record: --token of a secretariat user)",
] as const;
const tokenOption = ['--token <token>', 'an API token, for --view own or full'] as const;

/** `tahaluf log …`: the record's transparency logs (checkpoints and RFC 9162 proofs), printed and checked. */
export function registerLogCommands(
  program: Command,
  open: () => Promise<Node> = () => openNode(loadConfig(), { seedModules: 'if-new' }),
): void {
  const log = program
    .command('log')
    .description(
      'The record as transparency logs (the public view, a member’s own view, the full record): signed checkpoints, inclusion and consistency proofs',
    );
  log
    .command('checkpoint')
    .description(
      "Print the latest checkpoint of the log asked (C2SP signed note; signed anew if it grew, cosigned by this node's witness)",
    )
    .option(...viewOption)
    .option(...tokenOption)
    .option('--json', 'print the checkpoint with its keys and cosigners as JSON')
    .action(async (opts: LogOptions & { json?: boolean }) => {
      const node = await open();
      try {
        const chosen = await chooseLog(node, opts);
        // describeCheckpoint verifies the log's signature on the note (it throws otherwise).
        const cp = await describeCheckpoint(await chosen.checkpoint(), chosen.log, node.witness);
        if (opts.json) console.log(JSON.stringify({ view: chosen.view, ...cp }, null, 2));
        else {
          process.stdout.write(cp.note);
          console.error(
            `checkpoint of ${chosen.label} (${cp.origin}), signature verified: ${cp.size} ${chosen.view === 'full' ? 'acts' : 'entries'}; log key ${cp.log.keyId}; cosigned by ${cp.cosignatures.map((c) => `${c.name} at ${c.time}`).join(', ') || 'nobody'}`,
          );
          for (const x of cp.witness.inconsistencies)
            console.error(`WARNING: on ${x.at} the witness refused a checkpoint: ${x.reason}`);
        }
      } finally {
        await node.close();
      }
    });
  log
    .command('inclusion <actId>')
    .description(
      'Print and check the proof that an act is in the log asked, against its latest signed checkpoint (or the tree of --size leaves)',
    )
    .option(...viewOption)
    .option(...tokenOption)
    .option('--size <n>', 'tree size')
    .action(async (actId: string, opts: LogOptions & { size?: string }) => {
      const node = await open();
      try {
        const chosen = await chooseLog(node, opts);
        // The leaf is recomputed here from the act as the log's readers are shown it.
        let seq: number;
        let leaf: Uint8Array;
        if (chosen.entries === undefined) {
          const act = await node.record.get(actId);
          if (!act) throw badInput('actId', `no act '${actId}' in the record`);
          seq = act.seq;
          leaf = leafHash(leafData(act));
        } else {
          const entry = await node.views.get(actId);
          if (!entry || entry.view !== chosen.entries)
            throw badInput('actId', `no act '${actId}' in ${chosen.label}`);
          seq = entry.seq;
          leaf = leafHash(publicLeafData(entry));
        }
        const latest = await chosen.checkpoint();
        const size = opts.size ? positiveInt(opts.size, '--size') : latest.size;
        const held = (await chosen.log.checkpoints(1000)).find((c) => c.size === size);
        const root = held ? await verifiedRoot(chosen, held) : await chosen.log.root(size);
        const { leafHash: served, proof } = await chosen.log.inclusion(seq, size);
        const ok =
          served === Buffer.from(leaf).toString('base64') &&
          verifyInclusion(seq - 1, size, leaf, proof.map(fromBase64), root);
        console.log(
          JSON.stringify(
            {
              actId,
              view: chosen.view,
              origin: chosen.log.origin,
              seq,
              treeSize: size,
              leafHash: served,
              proof,
              rootHash: Buffer.from(root).toString('base64'),
            },
            null,
            2,
          ),
        );
        const against = held
          ? `the signed checkpoint of size ${size} of ${chosen.label} (${chosen.log.origin})`
          : `the tree of ${size} leaves of ${chosen.label} (${chosen.log.origin}; no checkpoint of that size)`;
        console.error(
          ok
            ? `act ${actId} (#${seq} in ${chosen.label}) is included: verified against ${against}`
            : `proof does NOT verify against ${against}`,
        );
        process.exitCode = ok ? 0 : 1;
      } finally {
        await node.close();
      }
    });
  log
    .command('consistency <from> <to>')
    .description(
      'Print and check the proof that the tree of <to> leaves of the log asked extends the tree of <from> leaves',
    )
    .option(...viewOption)
    .option(...tokenOption)
    .action(async (fromText: string, toText: string, opts: LogOptions) => {
      const from = positiveInt(fromText, 'from');
      const to = positiveInt(toText, 'to');
      const node = await open();
      try {
        const chosen = await chooseLog(node, opts);
        const proof = await chosen.log.consistency(from, to);
        const fromRoot = await chosen.log.root(from);
        const toRoot = await chosen.log.root(to);
        const ok = verifyConsistency(from, to, fromRoot, toRoot, proof.map(fromBase64));
        const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
        console.log(
          JSON.stringify(
            {
              view: chosen.view,
              origin: chosen.log.origin,
              from,
              to,
              fromRoot: b64(fromRoot),
              toRoot: b64(toRoot),
              proof,
            },
            null,
            2,
          ),
        );
        console.error(
          ok
            ? `the tree of ${to} leaves of ${chosen.label} (${chosen.log.origin}) extends the tree of ${from}`
            : 'proof does NOT verify',
        );
        process.exitCode = ok ? 0 : 1;
      } finally {
        await node.close();
      }
    });
}
