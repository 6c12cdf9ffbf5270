import { Type, type Static } from 'typebox';
import { registerActSchema } from '../record/act-catalogue.js';

/**
 * `alliance.key.registered`: a member node's public key in the alliance's key directory, with the proof
 * that its holder registered it (checked by `checkRegistration` in directory.ts on every node).
 */
export const KeyRegisteredPayload = Type.Object({
  member: Type.String({ pattern: '^[A-Z]{3}$' }),
  keyId: Type.String({ minLength: 1 }),
  publicKey: Type.String({ minLength: 1 }),
  proof: Type.String({ minLength: 1 }),
});
export type KeyRegisteredPayload = Static<typeof KeyRegisteredPayload>;

// The alliance log's own act in the record's catalogue (src/record/act-catalogue.ts), with its schema:
// a submission whose payload does not fit is refused before it is signed, and readers through
// `payloadOf`/`isActOf` check it too.
declare module '../record/act-catalogue.js' {
  interface ActPayloads {
    'alliance.key.registered': KeyRegisteredPayload;
  }
}

registerActSchema('alliance.key.registered', KeyRegisteredPayload);
