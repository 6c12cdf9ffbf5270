import { useMemo, useState, type FormEvent } from 'react';
import { isOneOf } from '../guards.js';
import { api, get, request } from '../api.js';
import { detectArticles } from '../document-articles.js';
import { useAsync } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { problemText, type FieldLabels } from '../problem-text.js';
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

const KINDS = ['treaty_text', 'charter', 'communique', 'summit_resolution', 'other'] as const;
type DocumentKind = (typeof KINDS)[number];
const kindName = (t: I18n['t'], kind: string) =>
  isOneOf(KINDS, kind) ? t(`documents.kind.${kind}`) : kind;
const languageName = (t: I18n['t'], language: string) =>
  language === 'en' || language === 'ar' ? t(`documents.lang.${language}`) : language;

/** The form's labels for the API's field paths, in the reader's language. */
const labels = (t: I18n['t']): FieldLabels => [
  [/documentId$/, t('documents.field.id')],
  [/title$/, t('documents.field.title')],
  [/content$/, t('documents.field.text')],
  [/allianceId$/, t('documents.field.alliance')],
  [/language$/, t('documents.field.language')],
  [/kind$/, t('documents.field.kind')],
];

/**
 * Route: #/documents. Treaty texts, charters, communiqués and resolutions as their users upload them:
 * each upload is stored by its sha256 and recorded in a signed act naming that hash, so the record proves
 * which text a decision referred to. Articles are marked from the text's headings.
 */
export function DocumentsView() {
  const { t, num, date, list } = useI18n();
  const documents = useAsync(() => get<DocumentVersion[]>('/api/documents'), []);
  const rows = [...(documents.data ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div className="documents-view">
      <UploadForm onDone={documents.reload} />
      <section className="panel">
        <h2>{t('documents.uploaded')}</h2>
        {documents.error && <p className="error-text">{documents.error.message}</p>}
        {!documents.loading && rows.length === 0 && (
          <p className="muted" data-testid="documents-empty">
            {t('documents.empty')}
          </p>
        )}
        {rows.length > 0 && (
          <div className="table-scroll">
            <table data-testid="documents-table">
              <thead>
                <tr>
                  <th scope="col">{t('documents.field.title')}</th>
                  <th scope="col">{t('documents.field.kind')}</th>
                  <th scope="col">{t('documents.field.language')}</th>
                  <th scope="col">{t('documents.col.version')}</th>
                  <th scope="col">{t('documents.col.articles')}</th>
                  <th scope="col">{t('documents.col.uploadedBy')}</th>
                  <th scope="col">{t('documents.col.sha')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr
                    key={`${d.documentId}-${d.language}-${d.version}`}
                    data-testid="documents-row"
                  >
                    <td>{d.title}</td>
                    <td>{kindName(t, d.kind)}</td>
                    <td>{languageName(t, d.language)}</td>
                    <td>{num(d.version)}</td>
                    <td>{d.articles.length ? list(d.articles.map((a) => a.article)) : '—'}</td>
                    <td>
                      {t('documents.by', {
                        who:
                          d.uploadedBy === 'SECRETARIAT'
                            ? t('documents.theSecretariat')
                            : d.uploadedBy,
                        date: date(d.at.slice(0, 10)),
                      })}
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
  const { t, name } = useI18n();
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
  if (!session) return <p className="panel muted">{t('documents.signIn')}</p>;
  const acting = session.member === 'SECRETARIAT' ? t('documents.theSecretariat') : session.member;
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
      [t('documents.field.id'), documentId.trim()],
      [t('documents.field.title'), title.trim()],
      [t('documents.field.text'), content],
    ].filter(([, value]) => !value);
    if (missing.length) {
      setError(
        t('documents.mustNotBeEmpty', { fields: missing.map(([label]) => label).join(', ') }),
      );
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
        t('documents.done', {
          title: uploaded.title,
          language: languageName(t, uploaded.language),
          version: uploaded.version,
          count: uploaded.articles.length,
          sha: uploaded.sha256.slice(0, 12),
          who: acting,
        }),
      );
      onDone();
    } catch (err) {
      setError(problemText(err, { t }, { labels: labels(t) }).text);
    }
  };
  return (
    <section className="panel">
      <form className="stack" data-testid="documents-form" onSubmit={(e) => void submit(e)}>
        <h2>{t('documents.uploadAs', { who: acting })}</h2>
        <label>
          {t('documents.required', { label: t('documents.field.id') })}{' '}
          <input
            data-testid="documents-id"
            aria-required="true"
            value={documentId}
            placeholder={t('documents.idPlaceholder')}
            onChange={(e) => setDocumentId(e.target.value)}
          />
        </label>
        <label>
          {t('documents.required', { label: t('documents.field.title') })}{' '}
          <input
            data-testid="documents-title"
            aria-required="true"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          {t('documents.field.kind')}{' '}
          <select
            data-testid="documents-kind"
            value={kind}
            onChange={(e) => {
              const chosen = e.target.value;
              if (isOneOf(KINDS, chosen)) setKind(chosen);
            }}
          >
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {kindName(t, value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('documents.field.language')}{' '}
          <select
            data-testid="documents-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value === 'ar' ? 'ar' : 'en')}
          >
            <option value="en">{t('documents.lang.en')}</option>
            <option value="ar">{t('documents.lang.ar')}</option>
          </select>
        </label>
        <label>
          {t('documents.allianceOptional')}{' '}
          <select
            data-testid="documents-alliance"
            value={allianceId}
            onChange={(e) => setAllianceId(e.target.value)}
          >
            <option value="">{t('documents.none')}</option>
            {(alliances.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {name({ nameEn: a.name, nameAr: a.nameAr })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('documents.file')}{' '}
          <input
            type="file"
            accept=".txt,text/plain"
            data-testid="documents-file"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </label>
        <label>
          {t('documents.textOrPaste')}
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
            ? t('documents.articlesFound', { list: articles.map((a) => a.article).join(', ') })
            : t('documents.noArticles')}
        </p>
        <button type="submit" data-testid="documents-submit">
          {t('documents.submit')}
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
