import { useState } from 'react';
import { get } from '../api.js';
import { useAsync } from '../hooks.js';
import { useLabelText } from './label-text.js';
import { useI18n } from '../i18n/index.js';

/** A technique an object is mapped to (`techniques` of GET /api/intel/objects/{id}). */
export interface MappedTechnique {
  techniqueId: string;
  name: string | null;
  tactics: string[];
  via: string[];
}
interface Technique {
  techniqueId: string;
  name: string;
  tactics: string[];
}
interface TechniqueObjects {
  techniqueId: string;
  technique: Technique | null;
  total: number;
  objects: {
    id: string;
    type: string;
    name: string;
    label: string | null;
    via: string[];
    techniques?: string[];
  }[];
}
/** An entry of GET /api/intel/attack/index: counted within the reader's visibility by the server. */
interface IndexedTechnique {
  techniqueId: string;
  name: string | null;
  parent: string | null;
  count: number;
  direct: number;
}

const viaText = (via: string[], t: ReturnType<typeof useI18n>['t']) =>
  via.map((v) => t('attack.via', { via: v.replace(/-/g, '_') })).join(', ');

/** The techniques an object is mapped to, each opening the technique's objects in the ATT&CK browse. */
export function ObjectTechniques({
  techniques,
  onTechnique,
}: {
  techniques?: MappedTechnique[];
  onTechnique: (techniqueId: string) => void;
}) {
  const { t } = useI18n();
  if (!techniques) return null;
  return (
    <div className="object-techniques" data-testid="intel-object-techniques">
      <h3>{t('attack.objectTechniques')}</h3>
      {techniques.length ? (
        <ul className="small">
          {techniques.map((x) => (
            <li
              key={x.techniqueId}
              data-testid="intel-object-technique"
              data-technique={x.techniqueId}
            >
              <button
                type="button"
                className="link-button"
                onClick={() => onTechnique(x.techniqueId)}
              >
                <span translate="no">{x.techniqueId}</span>
                {x.name ? ` ${x.name}` : ''}
              </button>{' '}
              <span className="muted">{viaText(x.via, t)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('attack.objectNone')}</p>
      )}
    </div>
  );
}

/**
 * ATT&CK browse (#19.6): the imported catalogue by tactic and id or name; a chosen technique shows the
 * number and list of objects the reader may see that are mapped to it (the server counts within the
 * reader's visibility only).
 */
export function AttackBrowse({
  technique,
  onTechnique,
  onOpen,
}: {
  technique: string | null;
  onTechnique: (techniqueId: string) => void;
  onOpen: (objectId: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const labels = useLabelText();
  const [tactic, setTactic] = useState('');
  const [q, setQ] = useState('');
  const tactics = useAsync(
    () =>
      get<{ tactics: { shortname: string; techniques: number }[] }>('/api/intel/attack/tactics'),
    [],
  );
  const list = useAsync(
    () =>
      get<{ techniques: Technique[] }>('/api/intel/attack/techniques', {
        tactic: tactic || undefined,
        q: q.trim() || undefined,
        limit: 50,
      }),
    [tactic, q],
  );
  const mapped = useAsync(
    () =>
      technique
        ? get<TechniqueObjects>(
            `/api/intel/attack/techniques/${encodeURIComponent(technique)}/objects`,
          )
        : Promise.resolve(undefined),
    [technique],
  );
  const index = useAsync(
    () =>
      get<{ techniques: IndexedTechnique[]; truncated: boolean }>('/api/intel/attack/index', {
        tactic: tactic || undefined,
      }),
    [tactic],
  );
  const catalogueEmpty = tactics.data && !tactics.data.tactics.length;
  return (
    <section className="panel" data-testid="intel-attack">
      <h2>{t('attack.title')}</h2>
      <div className="map-controls">
        <label>
          {t('attack.tactic')}{' '}
          <select
            value={tactic}
            onChange={(e) => setTactic(e.target.value)}
            data-testid="intel-attack-tactic"
          >
            <option value="">{t('attack.anyTactic')}</option>
            {(tactics.data?.tactics ?? []).map((x) => (
              <option key={x.shortname} value={x.shortname} translate="no">
                {x.shortname} ({i18n.num(x.techniques)})
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('attack.find')}{' '}
          <input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('attack.findExample')}
            data-testid="intel-attack-find"
          />
        </label>
      </div>
      {index.data ? (
        <div data-testid="intel-attack-index">
          <h3>{t('attack.index')}</h3>
          {index.data.techniques.length ? (
            <ul className="small attack-list">
              {index.data.techniques.map((x) => (
                <li
                  key={x.techniqueId}
                  data-testid="intel-attack-index-entry"
                  data-technique={x.techniqueId}
                  data-count={x.count}
                  style={x.parent ? { marginInlineStart: '1.5em' } : undefined}
                >
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onTechnique(x.techniqueId)}
                    aria-pressed={technique === x.techniqueId}
                  >
                    <span translate="no">{x.techniqueId}</span>
                    {x.name ? ` ${x.name}` : ''}
                  </button>{' '}
                  <span className="muted">
                    {t('attack.indexCount', { count: x.count })}
                    {x.parent
                      ? ` · ${t('attack.subOf', { parent: x.parent })}`
                      : x.count !== x.direct
                        ? ` · ${t('attack.withSubs')}`
                        : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t('attack.indexNone')}</p>
          )}
          {index.data.truncated ? (
            <p className="muted small">{t('attack.indexTruncated')}</p>
          ) : null}
        </div>
      ) : null}
      {catalogueEmpty ? <p className="muted small">{t('attack.noCatalogue')}</p> : null}
      {list.data && !catalogueEmpty && !list.data.techniques.length ? (
        <p className="muted small">{t('attack.none')}</p>
      ) : null}
      {list.data?.techniques.length ? (
        <ul className="small attack-list">
          {list.data.techniques.map((x) => (
            <li key={x.techniqueId} data-testid="intel-attack-technique">
              <span className="code" translate="no">
                {x.techniqueId}
              </span>{' '}
              {x.name}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => onTechnique(x.techniqueId)}
                aria-pressed={technique === x.techniqueId}
              >
                {t('attack.show')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {technique && mapped.data ? (
        <div data-testid="intel-attack-objects" data-total={mapped.data.total}>
          <h3>
            {t('attack.objects', {
              total: mapped.data.total,
              technique: mapped.data.technique
                ? `${mapped.data.techniqueId} ${mapped.data.technique.name}`
                : mapped.data.techniqueId,
            })}
          </h3>
          <ul className="small">
            {mapped.data.objects.map((o) => (
              <li key={o.id} data-testid="intel-attack-object" data-id={o.id}>
                <button type="button" className="link-button" onClick={() => onOpen(o.id)}>
                  {o.name}
                </button>{' '}
                <span className="muted">
                  {o.label ? labels.text(o.label) : o.label} · {viaText(o.via, t)}
                  {o.techniques?.length && o.techniques.join() !== mapped.data?.techniqueId
                    ? ` · ${t('attack.mappedAs', { techniques: o.techniques.join(', ') })}`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {technique && mapped.error ? (
        <p className="error-text small">
          {mapped.error instanceof Error ? mapped.error.message : String(mapped.error)}
        </p>
      ) : null}
    </section>
  );
}
