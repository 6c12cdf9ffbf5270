import { useCallback, useMemo } from 'react';
import { useAlliances, useAllianceNames, useStateNames } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

/** A confidentiality label as the node writes it (src/intel/labels.ts labelText), read back into parts. */
export interface LabelParts {
  classification: string;
  /** Communities as the label names them: ISO3 codes, alliance ids ('gcc'), or ALL. */
  releasableTo: string[];
  tlp: string | null;
  originator: string;
}

const LABEL = /^(\S+)(?: REL TO (.+?))?(?: \/\/ TLP:(\S+))? \(orig\. ([^()]+)\)$/;

/** `RESTRICTED REL TO gcc, PAK // TLP:AMBER (orig. SAU)` → its parts; null for any other text. */
export function parseLabel(text: string): LabelParts | null {
  const m = LABEL.exec(text);
  if (!m) return null;
  return {
    classification: m[1],
    releasableTo: m[2] ? m[2].split(', ') : [],
    tlp: m[3] ?? null,
    originator: m[4],
  };
}

/** The label's marking with each community as people write it: alliances by their abbreviation. */
export function labelMarking(parts: LabelParts, community: (id: string) => string): string {
  const to = parts.releasableTo.map(community);
  return `${parts.classification}${to.length ? ` REL TO ${to.join(', ')}` : ''}${
    parts.tlp ? ` // TLP:${parts.tlp}` : ''
  } (orig. ${parts.originator})`;
}

/**
 * Labels as a reader expects them. The node names an alliance in a label by its registry id (`REL TO gcc`,
 * lower case, as the label's JSON holds it); the console writes its abbreviation (`REL TO GCC`, as the
 * share form lists alliances) and member states by their codes, the marking itself in its usual Latin form
 * in both languages. `title(label)` says in full, in the reader's language, to whom it is releasable.
 */
export function useLabelText(): {
  text: (label: string) => string;
  title: (label: string) => string | undefined;
  /** A collection's alias as people write it: `gcc` → GCC, `member-sau` → SAU. */
  collection: (alias: string) => string;
} {
  const { t, list } = useI18n();
  const alliances = useAlliances();
  const allianceName = useAllianceNames();
  const stateName = useStateNames();
  const short = useMemo(
    () => new Map((alliances.data ?? []).map((a) => [a.id, a.short || a.id.toUpperCase()])),
    [alliances.data],
  );
  const community = useCallback(
    (id: string) => short.get(id) ?? (/^[a-z][a-z0-9-]*$/.test(id) ? id.toUpperCase() : id),
    [short],
  );
  const text = useCallback(
    (label: string) => {
      const parts = parseLabel(label);
      return parts ? labelMarking(parts, community) : label;
    },
    [community],
  );
  const title = useCallback(
    (label: string) => {
      const parts = parseLabel(label);
      if (!parts) return undefined;
      const names = parts.releasableTo.map((id) =>
        id === 'ALL'
          ? t('intel.label.everyone')
          : /^[A-Z]{3}$/.test(id)
            ? stateName(id)
            : allianceName(id, community(id)),
      );
      return t('intel.label.title', {
        count: names.length,
        names: list(names),
        originator: stateName(parts.originator),
      });
    },
    [t, list, stateName, allianceName, community],
  );
  const collection = useCallback(
    (alias: string) => /^member-([a-z]{3})$/.exec(alias)?.[1].toUpperCase() ?? community(alias),
    [community],
  );
  return { text, title, collection };
}

/** A label in a table or a fact list: the marking (left to right in either language), its meaning on hover. */
export function LabelMark({ label }: { label: string | null | undefined }) {
  const { text, title } = useLabelText();
  if (!label) return <>—</>;
  return (
    <span className="label-mark" dir="ltr" translate="no" title={title(label)}>
      {text(label)}
    </span>
  );
}
