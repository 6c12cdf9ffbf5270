import type { ArticleSpan, DocumentKind } from './documents.js';
import type { DOCUMENT_LANGUAGES } from './documents.js';
import type { DocumentRegistration } from './documents-on-log.js';
import type { EventActPayload } from './event-acts.js';
import type { LifecycleActType, LifecyclePayload } from './lifecycle-model.js';

/** `registry.seeded`: the hash of the reference data this node serves, and how much of it there is. */
export interface SeededPayload {
  hash: string;
  states: number;
  alliances: number;
  memberships: number;
  events: number;
}

/** `registry.document.uploaded`: a version of a treaty text uploaded on this node. */
export interface DocumentUploadedPayload {
  documentId: string;
  version: number;
  language: (typeof DOCUMENT_LANGUAGES)[number];
  sha256: string;
  title: string;
  kind: DocumentKind;
  allianceId: string | null;
  articles: ArticleSpan[];
  chars: number;
}

/** `registry.lifecycle.<kind>`: one act of an alliance's life cycle, its payload of that kind. */
export type LifecycleActPayloads = Record<LifecycleActType, LifecyclePayload>;

// The registry's acts in the record's catalogue (src/record/act-catalogue.ts): the seed, the events and
// the treaty texts recorded on a node, and the life-cycle acts and text registrations that cross nodes
// on the alliance log.
declare module '../record/act-catalogue.js' {
  interface ActPayloads extends LifecycleActPayloads {
    'registry.seeded': SeededPayload;
    'registry.event.recorded': EventActPayload;
    'registry.document.uploaded': DocumentUploadedPayload;
    'registry.document.registered': DocumentRegistration;
  }
}
