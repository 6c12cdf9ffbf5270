import { Fragment, useEffect, useState } from 'react';
import { api, type Act } from '../api.js';
import { useAsync } from '../hooks.js';

const PAGE = 100;

/** The signed, hash-chained record: every act with its actor, type, subject, hash and signature. */
export function RecordView() {
  const [actor, setActor] = useState('');
  const [typePrefix, setTypePrefix] = useState('');
  const [after, setAfter] = useState<number | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  // The newest page first: the head of the record decides where that page starts.
  const head = useAsync(() => api.record({ limit: 1 }), []);
  const total = head.data?.total ?? 0;
  useEffect(() => {
    if (head.data && after === null) setAfter(Math.max(0, head.data.total - PAGE));
  }, [head.data, after]);

  const page = useAsync(
    () =>
      after === null
        ? Promise.resolve(null)
        : api.record({
            afterSeq: after,
            limit: PAGE,
            actor: actor || undefined,
            typePrefix: typePrefix || undefined,
          }),
    [after, actor, typePrefix],
  );
  const acts: Act[] = page.data?.acts ?? [];

  return (
    <div className="record-view">
      <section className="panel">
        <h2>The record</h2>
        <p className="muted">
          Every act is signed with its actor's Ed25519 key and chained to the act before it by its
          hash; current state is derived from these acts. <code>tahaluf verify</code> checks the
          whole chain and every signature.
        </p>
        <div className="map-controls">
          <label>
            Actor
            <input
              type="text"
              placeholder="QAT, SECRETARIAT…"
              value={actor}
              onChange={(e) => setActor(e.target.value.toUpperCase().trim())}
              data-testid="record-actor"
            />
          </label>
          <label>
            Type starts with
            <input
              type="text"
              placeholder="council., registry.…"
              value={typePrefix}
              onChange={(e) => setTypePrefix(e.target.value.trim())}
              data-testid="record-type"
            />
          </label>
          <button
            type="button"
            disabled={!after}
            onClick={() => setAfter(Math.max(0, (after ?? 0) - PAGE))}
          >
            ← Earlier
          </button>
          <button
            type="button"
            disabled={after === null || after + PAGE >= total}
            onClick={() => setAfter((after ?? 0) + PAGE)}
          >
            Later →
          </button>
          <span className="member-count">
            {total} acts · showing after #{after ?? '…'}
          </span>
        </div>
      </section>
      <section className="panel">
        {page.error && <p className="error-text">{page.error.message}</p>}
        {acts.length === 0 && !page.loading && <p className="muted">No acts match.</p>}
        {acts.length > 0 && (
          <table data-testid="record-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Time (UTC)</th>
                <th>Actor</th>
                <th>Type</th>
                <th>Subject</th>
                <th>Hash</th>
              </tr>
            </thead>
            <tbody>
              {acts.map((a) => (
                <Fragment key={a.id}>
                  <tr
                    className="clickable-row"
                    onClick={() => setOpen(open === a.id ? null : a.id)}
                    data-seq={a.seq}
                  >
                    <td className="code">{a.seq}</td>
                    <td className="code">{a.at.replace('T', ' ').replace('Z', '')}</td>
                    <td>{a.actor}</td>
                    <td className="code">{a.type}</td>
                    <td className="code">{a.subject ?? '—'}</td>
                    <td className="code" title={a.hash}>
                      {a.hash.slice(0, 12)}…
                    </td>
                  </tr>
                  {open === a.id && (
                    <tr className="act-detail">
                      <td colSpan={6}>
                        <dl className="facts">
                          <dt>Act id</dt>
                          <dd className="code">{a.id}</dd>
                          <dt>Previous hash</dt>
                          <dd className="code">{a.prevHash}</dd>
                          <dt>Hash</dt>
                          <dd className="code">{a.hash}</dd>
                          <dt>Key</dt>
                          <dd className="code">{a.keyId}</dd>
                          <dt>Signature</dt>
                          <dd className="code wrap">{a.signature}</dd>
                        </dl>
                        <pre className="payload">{JSON.stringify(a.payload, null, 2)}</pre>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
