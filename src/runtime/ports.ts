import type { Act } from '../record/model.js';
import type { CouncilProceduresPort } from '../registry/alliance-port.js';
import type { Principal } from './auth.js';

/**
 * Read ports: narrow, read-only views one domain module offers the others through the node, since
 * domain modules never import each other. A module provides a port in `TahalufModule.provides`; the
 * node collects them in `Deps.ports` before any route, command or subscriber runs. A reader finds a
 * port missing when the module providing it is not composed (then it must say so, not guess).
 */

/** A unit as another module may see it: its key, its member and the data-link standards it implements. */
export interface DataUnit {
  key: string;
  member: string;
  /** Data-link standards (catalogue kind `data_link`) the unit's equipment implements. */
  dataLinks: string[];
}

/** Unit pairs of an alliance that can exchange data (a common tactical data link), out of all pairs. */
export interface DataExchange {
  units: number;
  pairs: number;
  connected: number;
}

/** The forces module's interoperability matrix and force generation, read-only. */
export interface ForcesReadPort {
  /** Act types (prefixes) the dated readings fold: pass these acts, in record order, to the functions below. */
  readonly actPrefixes: readonly string[];
  /**
   * Units pledged to the alliance and available on `day`, folded from the given forces acts (taken up to
   * the end of `day`), and how many of their pairs can exchange data (exercise findings applied).
   */
  dataExchangeOn(allianceId: string, day: string, acts: readonly Act[]): DataExchange;
  /** The alliance's active pledged units now, with their data links, and its capability shortfalls. */
  currentUnits(allianceId: string): Promise<{
    units: DataUnit[];
    /** Per capability still short of the latest stated requirement (none when there is none). */
    shortfalls: { capability: string; short: number }[];
    /** Data-link standards known to the equipment catalogue (candidates for a common standard). */
    dataStandards: { id: string; name: string }[];
  }>;
}

/** What a share act's label says about release, as another module may read it (no object content). */
export interface ReleaseLabel {
  originator: string;
  releasableTo: string[];
}

/** The intelligence hub's labels, read-only: which members a shared object was released to. */
export interface IntelReadPort {
  /**
   * Every label the hub stores, by label id. A label id is the SHA-256 of the label's canonical form, so
   * the id in a signed `intel.shared` act fixes the label it names; labels are only ever added.
   */
  labels(): Promise<Map<string, ReleaseLabel>>;
  /** The states a label releases to on `day` (its originator and every state its communities name; `ALL`: everyone). */
  releasedTo(label: ReleaseLabel, day: string): Set<string> | 'everyone';
}

/**
 * A notification for one reader (#13.11), as GET /api/notifications/stream sends it: the `data:` of an SSE
 * event named after `kind`. Each names only what its reader may see.
 */
export type Notice =
  | {
      kind: 'procedure';
      id: string;
      title: string;
      charterId: string;
      procedureKind: string;
      openedBy: string;
      at: string;
      deadline: string | null;
      seq: number;
      /** The act awaited from the reader's member in it (a vote, a position, or an objection to break silence); null when none is. */
      due: 'vote' | 'position' | 'objection' | null;
    }
  | {
      kind: 'intel';
      id: string;
      type: string;
      name: string;
      originator: string;
      /** The collection's alias (as the feed shows it). */
      collection: string;
      dateAdded: string;
    }
  | {
      kind: 'alert';
      identifier: string;
      member: string;
      msgType: string;
      sent: string;
      impactTime: string;
    };

/**
 * One module's notifications: `watch` starts sending `who` the notices of what happens from now on that
 * `who` may see (the module applies its own visibility rules: the stream merges sources and filters nothing);
 * the returned function stops it. `send` is called at most once per notice.
 */
export interface NoticeSource {
  watch(who: Principal, send: (n: Notice) => void): () => void;
}

export interface Ports {
  forces?: ForcesReadPort;
  intel?: IntelReadPort;
  /** The council's notices: a procedure opened (a vote or position due from the reader's member). */
  councilNotices?: NoticeSource;
  /** The intelligence hub's notices: an object newly visible to the reader. */
  intelNotices?: NoticeSource;
  /** The council's procedures as it projects them (the registry checks decisions a life-cycle act cites). */
  councilProcedures?: CouncilProceduresPort;
}
