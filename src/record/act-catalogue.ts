import type { TSchema } from 'typebox';
import { fieldsOf } from '../core/objects.js';
import { Value } from 'typebox/value';
import type { Act } from './model.js';

/**
 * The catalogue of recorded acts: act type → payload type. It is the contract between the module that
 * records an act and every module that reads it (domain modules never import each other, so a reader
 * of `council.vote` finds the vote's payload here, not in the council module).
 *
 * A module adds its acts by augmenting this interface in its own `acts.ts`:
 *
 * ```ts
 * declare module '../record/act-catalogue.js' {
 *   interface ActPayloads { 'council.vote': VotePayload }
 * }
 * ```
 *
 * `RecordLog.append` then refuses (at compile time) a payload that does not fit the catalogued type,
 * and readers take a payload with `payloadOf(act, 'council.vote')` or narrow with `isActOf` instead of
 * casting `act.payload`. A module that has a TypeBox schema for an act registers it with
 * `registerActSchema`: `payloadOf` and `isActOf` then also check the payload at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface ActPayloads {}

export type CataloguedActType = Extract<keyof ActPayloads, string>;

/**
 * The payload an act of type `T` carries: its catalogued type, or `unknown` for a type not catalogued
 * (a test's `test.write`). `RecordLog.append` and the alliance log's `submit` take a payload of this type.
 */
export type PayloadFor<T extends string> = T extends CataloguedActType ? ActPayloads[T] : unknown;

/** An act whose type is catalogued, with its payload typed. */
export type ActOf<T extends CataloguedActType> = Act<ActPayloads[T]> & { type: T };

interface ActLike {
  type: string;
  payload: unknown;
}

const schemas = new Map<string, TSchema>();

/** Registers the TypeBox schema of an act's payload: readers through the catalogue then check it. */
export function registerActSchema<T extends CataloguedActType>(type: T, schema: TSchema): void {
  schemas.set(type, schema);
}

function fits(type: string, payload: unknown): boolean {
  const schema = schemas.get(type);
  return !schema || Value.Check(schema, payload);
}

/**
 * Checks a payload about to be appended or submitted against the schema registered for its type (none:
 * nothing to check); throws naming the first problem. The compile-time check is `PayloadFor`; this one
 * catches what the type system cannot see (a payload built from `unknown` input, a number out of range).
 */
export function checkActPayload(type: string, payload: unknown): void {
  const schema = schemas.get(type);
  if (!schema || Value.Check(schema, payload)) return;
  const [first] = Value.Errors(schema, payload);
  throw new Error(
    `the payload of a ${type} act does not fit its catalogued schema: ${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}`,
  );
}

/** True when the act is of this type (and its payload fits the registered schema, if any). */
export function isActOf<A extends ActLike, T extends CataloguedActType>(
  act: A,
  type: T,
): act is A & { type: T; payload: ActPayloads[T] } {
  return act.type === type && fits(type, act.payload);
}

/** True when the act's type is one of these (payload checked as by `isActOf`). */
export function isActOfAny<A extends ActLike, T extends CataloguedActType>(
  act: A,
  types: readonly T[],
): act is A & { type: T; payload: ActPayloads[T] } {
  return types.some((type) => isActOf(act, type));
}

/**
 * The act's payload as its catalogued type. Throws when the act is of another type, or when its
 * payload does not fit the schema registered for the type.
 */
export function payloadOf<T extends CataloguedActType>(act: ActLike, type: T): ActPayloads[T] {
  if (act.type !== type) throw new Error(`expected a ${type} act, got ${act.type}`);
  if (!isActOf(act, type)) throw new Error(`the ${type} act's payload does not fit its schema`);
  return act.payload;
}

/** A payload read as an open object (for checks field by field on acts not trusted yet); `{}` when not an object. */
export const payloadFields = (act: { payload: unknown }): Readonly<Record<string, unknown>> =>
  fieldsOf(act.payload);
