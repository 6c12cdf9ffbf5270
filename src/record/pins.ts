import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { readJsonFile, schemaProblems } from '../core/data-file.js';

/**
 * Public keys pinned outside the database they verify: `<data>/pins/keys.json`, written when the node
 * first checkpoints and extended (trust on first use) with the identities of actors not yet pinned; an
 * actor that is pinned never gains a new key here silently. `tahaluf verify` checks every act's key
 * against these pins (or a file given with `--pins`, e.g. the alliance's published keys), so a record
 * re-signed with fresh keys written into `identities` fails.
 */
export const PinFileSchema = Type.Object({
  version: Type.Literal(1),
  identities: Type.Array(
    Type.Object({
      actor: Type.String(),
      keyId: Type.String(),
      publicKey: Type.String(),
      custody: Type.Optional(Type.String()),
    }),
  ),
  /** Transparency logs' checkpoint keys (origin → public key). */
  logs: Type.Optional(Type.Array(Type.Object({ origin: Type.String(), publicKey: Type.String() }))),
  /** Witnesses' cosigning keys (name → public key). */
  witnesses: Type.Optional(
    Type.Array(Type.Object({ name: Type.String(), publicKey: Type.String() })),
  ),
});
/** A pins file as held in memory: `logs` and `witnesses` present (empty when the file has none). */
export type PinFile = Required<Static<typeof PinFileSchema>>;

export const pinFilePath = (dataDir: string): string => join(dataDir, 'pins', 'keys.json');

export function readPins(file: string): PinFile | null {
  if (!existsSync(file)) return null;
  const parsed = readJsonFile(file);
  if (!Value.Check(PinFileSchema, parsed))
    throw new Error(
      `${file} is not a Tahaluf pins file (version 1 with identities): ${schemaProblems(PinFileSchema, parsed).join('; ')}`,
    );
  return {
    version: 1,
    identities: parsed.identities,
    logs: parsed.logs ?? [],
    witnesses: parsed.witnesses ?? [],
  };
}

export interface PinUpdate {
  added: string[];
  /** Identities of pinned actors whose key is not pinned: never added here. */
  refused: { actor: string; keyId: string }[];
}

/** Pins what is not pinned yet (new actors, new logs, new witnesses); writes the file atomically. */
export function extendPins(
  file: string,
  seen: {
    identities: PinFile['identities'];
    logs?: PinFile['logs'];
    witnesses?: PinFile['witnesses'];
  },
): PinUpdate {
  const pins: PinFile = readPins(file) ?? { version: 1, identities: [], logs: [], witnesses: [] };
  const update: PinUpdate = { added: [], refused: [] };
  const pinnedActors = new Set(pins.identities.map((p) => p.actor));
  const pinnedKeys = new Set(pins.identities.map((p) => p.keyId));
  for (const id of seen.identities) {
    if (pinnedKeys.has(id.keyId)) continue;
    if (pinnedActors.has(id.actor)) {
      update.refused.push({ actor: id.actor, keyId: id.keyId });
      continue;
    }
    pins.identities.push(id);
    pinnedKeys.add(id.keyId);
    update.added.push(`${id.actor} key ${id.keyId}`);
  }
  for (const log of seen.logs ?? [])
    if (!pins.logs.some((l) => l.origin === log.origin)) {
      pins.logs.push(log);
      update.added.push(`log ${log.origin}`);
    }
  for (const w of seen.witnesses ?? [])
    if (!pins.witnesses.some((x) => x.name === w.name)) {
      pins.witnesses.push(w);
      update.added.push(`witness ${w.name}`);
    }
  if (update.added.length) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp`, JSON.stringify(pins, null, 1));
    renameSync(`${file}.tmp`, file);
  }
  return update;
}
