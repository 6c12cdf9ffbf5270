import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { badInput } from '../core/errors.js';
import { fromBase64, verifyConsistency, verifyInclusion } from '../core/merkle.js';
import { openNode } from '../app/node.js';
import { describeCheckpoint } from '../record/tlog-routes.js';

const positiveInt = (value: string, field: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw badInput(field, `${field} must be a positive integer, got '${value}'`);
  return n;
};

/** `tahaluf log …`: the record's transparency log (checkpoints and RFC 9162 proofs), printed and checked. */
export function registerLogCommands(program: Command): void {
  const log = program
    .command('log')
    .description(
      'The record as a transparency log: signed checkpoints, inclusion and consistency proofs',
    );
  log
    .command('checkpoint')
    .description(
      "Print the latest checkpoint (C2SP signed note; signed anew if the record grew, cosigned by this node's witness)",
    )
    .option('--json', 'print the checkpoint with its keys and cosigners as JSON')
    .action(async (opts: { json?: boolean }) => {
      const node = await openNode(loadConfig(), { seedModules: 'if-new' });
      try {
        const cp = await describeCheckpoint(
          await node.checkpoint(),
          node.transparency,
          node.witness,
        );
        if (opts.json) console.log(JSON.stringify(cp, null, 2));
        else {
          process.stdout.write(cp.note);
          console.error(
            `checkpoint of ${cp.origin}: ${cp.size} acts; log key ${cp.log.keyId}; cosigned by ${cp.cosignatures.map((c) => `${c.name} at ${c.time}`).join(', ') || 'nobody'}`,
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
      'Print and check the proof that an act is in the tree of --size acts (default: the latest checkpoint)',
    )
    .option('--size <n>', 'tree size')
    .action(async (actId: string, opts: { size?: string }) => {
      const node = await openNode(loadConfig(), { seedModules: 'if-new' });
      try {
        const act = await node.record.get(actId);
        if (!act) throw badInput('actId', `no act '${actId}' in the record`);
        const size = opts.size ? positiveInt(opts.size, '--size') : (await node.checkpoint()).size;
        const { leafHash, proof } = await node.transparency.inclusion(act.seq, size);
        const root = await node.transparency.root(size);
        const ok = verifyInclusion(
          act.seq - 1,
          size,
          fromBase64(leafHash),
          proof.map(fromBase64),
          root,
        );
        console.log(
          JSON.stringify(
            {
              actId,
              seq: act.seq,
              treeSize: size,
              leafHash,
              proof,
              rootHash: Buffer.from(root).toString('base64'),
            },
            null,
            2,
          ),
        );
        console.error(
          ok ? `act #${act.seq} is included in the tree of ${size} acts` : 'proof does NOT verify',
        );
        process.exitCode = ok ? 0 : 1;
      } finally {
        await node.close();
      }
    });
  log
    .command('consistency <from> <to>')
    .description(
      'Print and check the proof that the tree of <to> acts extends the tree of <from> acts',
    )
    .action(async (fromText: string, toText: string) => {
      const from = positiveInt(fromText, 'from');
      const to = positiveInt(toText, 'to');
      const node = await openNode(loadConfig(), { seedModules: 'if-new' });
      try {
        const proof = await node.transparency.consistency(from, to);
        const fromRoot = await node.transparency.root(from);
        const toRoot = await node.transparency.root(to);
        const ok = verifyConsistency(from, to, fromRoot, toRoot, proof.map(fromBase64));
        const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
        console.log(
          JSON.stringify(
            { from, to, fromRoot: b64(fromRoot), toRoot: b64(toRoot), proof },
            null,
            2,
          ),
        );
        console.error(
          ok ? `the tree of ${to} acts extends the tree of ${from}` : 'proof does NOT verify',
        );
        process.exitCode = ok ? 0 : 1;
      } finally {
        await node.close();
      }
    });
}
