import { useMemo, useState, type FormEvent } from 'react';
import { api, get, request } from '../api.js';
import { detectArticles } from '../document-articles.js';
import { useAsync } from '../hooks.js';
import { plainProblem, type FieldLabels } from '../problem-text.js';
import { useSession } from '../session.js';

/** What GET /api/documents answers per version (src/registry/documents-routes.ts). */
interface DocumentVersion {
  documentId: string;
  version: number;
  language: 'ar' | 'en';
  sha256: string;
  title: string;
  kind: DocumentKind;
  allianceId: string | null;
  articles: { article: string; from: number; to: number }[];
  chars: number;
  uploadedBy: string;
  actId: string;
  at: string;
}

const KINDS = {
  treaty_text: 'Treaty text',
  charter: 'Charter',
  communique: 'Communiqué',
  summit_resolution: 'Summit resolution',
  other: 'Other',
} as const;
type DocumentKind = keyof typeof KINDS;
const LANGUAGES = { en: 'English', ar: 'Arabic' } as const;

const LABELS: FieldLabels = [
  [/documentId$/, 'Document id'],
  [/title$/, 'Title'],
  [/content$/, 'Text'],
  [/allianceId$/, 'Alliance'],
  [/language$/, 'Language'],
  [/kind$/, 'Kind'],
];

/**
 * Route: #/documents. Treaty texts, charters, communiqués and resolutions as their users upload them:
 * each upload is stored by its sha256 and recorded in a signed act naming that hash, so the record proves
 * which text a decision referred to. Articles are marked from the text's headings.
 */
export function DocumentsView() {
  const documents = useAsync(() => get<DocumentVersion[]>('/api/documents'), []);
  const rows = [...(documents.data ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div className="documents-view">
      <UploadForm onDone={documents.reload} />
      <section className="panel">
        <h2>Uploaded texts</h2>
        {documents.error && <p className="error-text">{documents.error.message}</p>}
        {!documents.loading && rows.length === 0 && (
          <p className="muted" data-testid="documents-empty">
            No text uploaded yet. Texts are uploaded by members or the secretariat; none is bundled.
          </p>
        )}
        {rows.length > 0 && (
          <div className="table-scroll">
            <table data-testid="documents-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Language</th>
                  <th scope="col">Version</th>
                  <th scope="col">Articles</th>
                  <th scope="col">Uploaded by</th>
                  <th scope="col">Text (sha256)</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr
                    key={`${d.documentId}-${d.language}-${d.version}`}
                    data-testid="documents-row"
                  >
                    <td>{d.title}</td>
                    <td>{KINDS[d.kind] ?? d.kind}</td>
                    <td>{LANGUAGES[d.language] ?? d.language}</td>
                    <td>{d.version}</td>
                    <td>{d.articles.length ? d.articles.map((a) => a.article).join(', ') : '—'}</td>
                    <td>
                      {d.uploadedBy === 'SECRETARIAT' ? 'the secretariat' : d.uploadedBy} on{' '}
                      {d.at.slice(0, 10)}
                    </td>
                    <td>
                      <a
                        href={`/api/documents/${d.sha256}`}
                        target="_blank"
                        rel="noreferrer"
                        title={d.sha256}
                        data-testid="documents-text-link"
                      >
                        {d.sha256.slice(0, 12)}…
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function UploadForm({ onDone }: { onDone: () => void }) {
  const session = useSession();
  const alliances = useAsync(() => api.alliances(), []);
  const [documentId, setDocumentId] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DocumentKind>('treaty_text');
  const [language, setLanguage] = useState<'en' | 'ar'>('en');
  const [allianceId, setAllianceId] = useState('');
  const [content, setContent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const articles = useMemo(() => detectArticles(content), [content]);
  if (!session)
    return <p className="panel muted">Sign in or act as a member state to upload a treaty text.</p>;
  const acting = session.member === 'SECRETARIAT' ? 'the secretariat' : session.member;
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setContent(await file.text());
    if (!title) setTitle(file.name.replace(/\.[^.]+$/, ''));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const missing = [
      ['Document id', documentId.trim()],
      ['Title', title.trim()],
      ['Text', content],
    ].filter(([, value]) => !value);
    if (missing.length) {
      setError(`${missing.map(([label]) => label).join(', ')} must not be empty.`);
      return;
    }
    try {
      const uploaded = await request<DocumentVersion>('/api/documents', {
        method: 'POST',
        body: {
          documentId: documentId.trim(),
          title: title.trim(),
          kind,
          language,
          ...(allianceId ? { allianceId } : {}),
          ...(articles.length ? { articles } : {}),
          content,
        },
      });
      setDone(
        `Uploaded “${uploaded.title}” (${LANGUAGES[uploaded.language]}) as version ${uploaded.version}, ` +
          `with ${uploaded.articles.length} article(s) marked; its sha256 ${uploaded.sha256.slice(0, 12)}… ` +
          `is in the act signed by ${acting}.`,
      );
      onDone();
    } catch (err) {
      setError(plainProblem(err, LABELS).text);
    }
  };
  return (
    <section className="panel">
      <form className="stack" data-testid="documents-form" onSubmit={(e) => void submit(e)}>
        <h2>Upload a text as {acting}</h2>
        <label>
          Document id *{' '}
          <input
            data-testid="documents-id"
            aria-required="true"
            value={documentId}
            placeholder="e.g. gcc-charter-1981"
            onChange={(e) => setDocumentId(e.target.value)}
          />
        </label>
        <label>
          Title *{' '}
          <input
            data-testid="documents-title"
            aria-required="true"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          Kind{' '}
          <select
            data-testid="documents-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as DocumentKind)}
          >
            {Object.entries(KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Language{' '}
          <select
            data-testid="documents-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value === 'ar' ? 'ar' : 'en')}
          >
            <option value="en">English</option>
            <option value="ar">Arabic</option>
          </select>
        </label>
        <label>
          Alliance (optional){' '}
          <select
            data-testid="documents-alliance"
            value={allianceId}
            onChange={(e) => setAllianceId(e.target.value)}
          >
            <option value="">none</option>
            {(alliances.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Text file{' '}
          <input
            type="file"
            accept=".txt,text/plain"
            data-testid="documents-file"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </label>
        <label>
          Text * (or paste it here)
          <textarea
            data-testid="documents-content"
            aria-required="true"
            dir="auto"
            rows={8}
            value={content}
            onChange={(e) => setContent(e.target.value)}
          />
        </label>
        <p className="muted" data-testid="documents-articles">
          {articles.length
            ? `Articles found by their headings: ${articles.map((a) => a.article).join(', ')}.`
            : 'No article headings ("Article 5", "Art. 5", "المادة 5") found; the text is stored whole.'}
        </p>
        <button type="submit" data-testid="documents-submit">
          Sign and upload
        </button>
        {error && (
          <p className="error-text" role="alert" data-testid="documents-error">
            {error}
          </p>
        )}
        {done && (
          <p className="ok-text" role="status" data-testid="documents-done">
            {done}
          </p>
        )}
      </form>
    </section>
  );
}
