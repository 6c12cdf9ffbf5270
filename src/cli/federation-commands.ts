import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { badInput } from '../core/errors.js';
import { initNodeKey, makeRegistration } from '../federation/directory.js';
import { checkAllianceCopy, readAllianceWitnessStates } from '../federation/alliance-verify.js';
import { SECRETARIAT } from '../record/model.js';
import type { CliContext } from '../runtime/deps.js';

const nodeActorOf = () => {
  const config = loadConfig();
  return { config, actor: config.mode === 'national' ? config.nodeMember! : SECRETARIAT };
};

/** `tahaluf node …` (a node's own key, its registration) and `tahaluf federation …` (the alliance log). */
export function registerFederationCommands(program: Command, ctx: CliContext): void {
  const node = program
    .command('node')
    .description("This node's own signing key and its registration with the alliance");
  node
    .command('init')
    .description(
      "Create this node's key (the member's under TAHALUF_MODE=national TAHALUF_MEMBER=ISO3, else the secretariat's) in TAHALUF_DATA_DIR/keys; prints its directory entry",
    )
    .action(() => {
      const { config, actor } = nodeActorOf();
      const key = initNodeKey(config.dataDir, actor);
      console.error(
        `${key.created ? 'created' : 'kept the existing'} key ${key.keyId} for ${actor} in ${config.dataDir}/keys (private key never leaves this node)`,
      );
      console.log(JSON.stringify({ actor, keyId: key.keyId, publicKey: key.publicKey }, null, 2));
    });
  node
    .command('register')
    .description(
      "Produce this national node's key registration (public key + proof of possession); with --to, send it to the secretariat node, which publishes it on the alliance log",
    )
    .option('--out <file>', 'write the registration JSON to this file')
    .option('--to <url>', "the secretariat node's base URL, e.g. http://127.0.0.1:8080")
    .option('--token <token>', 'a secretariat token (with --to)')
    .action(async (opts: { out?: string; to?: string; token?: string }) => {
      const { config } = nodeActorOf();
      if (config.mode !== 'national')
        throw badInput(
          'TAHALUF_MODE',
          'a registration is made on a national node (TAHALUF_MODE=national)',
        );
      const registration = makeRegistration(config.dataDir, config.nodeMember!);
      const text = JSON.stringify(registration, null, 2);
      if (opts.out) writeFileSync(opts.out, text + '\n');
      if (!opts.to) {
        if (!opts.out) console.log(text);
        return;
      }
      if (!opts.token) throw badInput('--token', '--to needs --token (a secretariat token)');
      const res = await fetch(`${opts.to.replace(/\/$/, '')}/api/federation/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
        body: text,
      });
      const answer = await res.text();
      if (!res.ok)
        throw badInput(
          '--to',
          `the secretariat refused the registration (${res.status}): ${answer}`,
        );
      const { streamSeq } = JSON.parse(answer) as { streamSeq: number };
      console.log(
        `registered ${registration.member}'s key ${registration.keyId} at alliance log sequence ${streamSeq}`,
      );
    });

  const fed = program.command('federation').description('The alliance log as this node applied it');
  fed
    .command('status')
    .description('Stream position, applied and rejected acts, the hash of the applied log')
    .action(async () => {
      const deps = await ctx.open();
      try {
        if (!deps.alliance) throw badInput('TAHALUF_ALLIANCE_NATS', 'this node is not federated');
        console.log(JSON.stringify(await deps.alliance.status(), null, 2));
      } finally {
        await deps.close();
      }
    });
  fed
    .command('verify')
    .description(
      "The alliance-log part of `tahaluf verify`: keys against the directory file, every applied act's signature and the running hash, the Merkle tree rebuilt from the stored messages against the checkpoints held (this node's witness state, other nodes' cosignatures), and inconsistent checkpoints seen; exits 1 on a problem",
    )
    .action(async () => {
      const { config } = nodeActorOf();
      const witnessStates = readAllianceWitnessStates(join(config.dataDir, 'witness'));
      const deps = await ctx.open();
      try {
        if (!deps.alliance) throw badInput('TAHALUF_ALLIANCE_NATS', 'this node is not federated');
        const findings = await checkAllianceCopy(
          deps.alliance,
          deps.store,
          witnessStates,
          deps.alliance.config.subjectPrefix,
        );
        for (const f of findings)
          (f.ok ? console.log : console.error)(
            `${f.ok ? (f.warn ? 'WARN' : 'ok  ') : 'FAIL'} [alliance] ${f.message}`,
          );
        const failed = findings.filter((f) => !f.ok).length;
        console.log(
          failed
            ? `alliance log BROKEN: ${failed} finding(s)`
            : 'alliance log OK: signatures, running hash and tree verified',
        );
        if (failed) process.exitCode = 1;
      } finally {
        await deps.close();
      }
    });
  fed
    .command('rejected')
    .description('Acts this node refused, with the reason (the evidence: the message as received)')
    .option('--json', 'print the entries as JSON')
    .action(async (opts: { json?: boolean }) => {
      const deps = await ctx.open();
      try {
        if (!deps.alliance) throw badInput('TAHALUF_ALLIANCE_NATS', 'this node is not federated');
        const entries = await deps.alliance.entries({ status: 'rejected', limit: 1000 });
        if (opts.json) console.log(JSON.stringify(entries, null, 2));
        else if (!entries.length) console.log('no rejected acts');
        else
          for (const e of entries)
            console.log(
              `#${e.streamSeq} ${e.actor ?? '?'} ${e.type ?? '?'} ${e.actId ?? ''}: ${e.code} — ${e.reason}`,
            );
      } finally {
        await deps.close();
      }
    });
  fed
    .command('log')
    .description('The alliance log in stream order')
    .option('--after <seq>', 'entries after this stream sequence', '0')
    .action(async (opts: { after: string }) => {
      const deps = await ctx.open();
      try {
        if (!deps.alliance) throw badInput('TAHALUF_ALLIANCE_NATS', 'this node is not federated');
        const after = Number(opts.after);
        if (!Number.isInteger(after) || after < 0)
          throw badInput('--after', 'a stream sequence number');
        for (const e of await deps.alliance.entries({ afterSeq: after, limit: 1000 }))
          console.log(
            `#${e.streamSeq} ${e.status.padEnd(8)} ${e.at ?? ''} ${e.actor ?? '?'} ${e.type ?? '?'} ${e.subject ?? ''}${e.code ? ` (${e.code})` : ''}`,
          );
      } finally {
        await deps.close();
      }
    });
}
