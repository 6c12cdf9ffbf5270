/** Payload of `intel.shared` and `intel.deleted`: the objects of one collection shared (or deleted). */
export interface SharedPayload {
  collection: string;
  poster: string;
  user?: string | null;
  channel?: string;
  count?: number;
  /**
   * `sha256`: SHA-256 of the object's stored text, in acts written since it was added. `label_created`: the
   * creation time of the label kept beside the object (#19.5), for an object stored with its originator's bytes.
   */
  objects: {
    id: string;
    version: string;
    label?: string;
    sha256?: string;
    label_created?: string;
  }[];
}

/**
 * Payload of `intel.signature_verified`: stored versions of one collection that had no verified signature and were
 * verified by a re-post carrying the originator's signature (private like every `intel.` act).
 */
export interface SignatureVerifiedPayload {
  collection: string;
  poster: string;
  user?: string | null;
  channel?: string;
  /** `sha256`: SHA-256 of the stored text (unchanged by the upgrade); `signer`/`key_id` of the signature now stored. */
  objects: {
    id: string;
    version: string;
    label: string;
    sha256: string;
    signer: string;
    key_id: string;
  }[];
}

// The intelligence hub's acts other modules read (the cohesion indices count released shares), in the
// record's catalogue (src/record/act-catalogue.ts).
declare module '../record/act-catalogue.js' {
  interface ActPayloads {
    'intel.shared': SharedPayload;
    'intel.deleted': SharedPayload;
    'intel.signature_verified': SignatureVerifiedPayload;
  }
}
