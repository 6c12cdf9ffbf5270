import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import { toCsv } from './csv.js';

/** A column that can be sorted and exported: its header text and the row's value. */
export interface Column<T> {
  key: string;
  header: string;
  value: (row: T) => string | number | null;
}

type Dir = 'asc' | 'desc';

/**
 * Sorting and paging of a table held in the page (#13.11): click a header to sort by it (again to
 * reverse), the pager below moves by `pageSize`. Sorting compares numbers as numbers and text in the
 * reader's locale; the order is stable.
 */
export function useTableTools<T>(
  rows: T[],
  columns: Column<T>[],
  opts: { sortBy: string; dir: Dir; pageSize: number },
) {
  const { t, locale, num } = useI18n();
  const [sort, setSort] = useState<{ key: string; dir: Dir }>({ key: opts.sortBy, dir: opts.dir });
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows;
    const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    const sign = sort.dir === 'asc' ? 1 : -1;
    return rows
      .map((row, i) => ({ row, i, v: col.value(row) }))
      .sort((a, b) => {
        const c =
          a.v === null || b.v === null
            ? (a.v === null ? 1 : 0) - (b.v === null ? 1 : 0)
            : typeof a.v === 'number' && typeof b.v === 'number'
              ? a.v - b.v
              : collator.compare(String(a.v), String(b.v));
        return c === 0 ? a.i - b.i : sign * c;
      })
      .map((x) => x.row);
  }, [rows, columns, sort, locale]);
  const pages = Math.max(1, Math.ceil(sorted.length / opts.pageSize));
  const current = Math.min(page, pages - 1);
  const shown = sorted.slice(current * opts.pageSize, (current + 1) * opts.pageSize);

  /** A sortable header cell: a button inside <th>, aria-sort on the sorted column. */
  const header = (key: string): ReactNode => {
    const col = columns.find((c) => c.key === key);
    if (!col) return null;
    const on = sort.key === key;
    return (
      <th
        key={key}
        aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
        data-sort-key={key}
      >
        <button
          type="button"
          className="sort-button"
          title={t('table.sortBy', { column: col.header })}
          onClick={() => {
            setSort((s) =>
              s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' },
            );
            setPage(0);
          }}
        >
          {col.header}
          <span aria-hidden="true">{on ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      </th>
    );
  };

  const pager =
    sorted.length > opts.pageSize ? (
      <div className="pager" data-testid="table-pager">
        <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
          {t('table.prev')}
        </button>
        <span data-testid="table-page">
          {t('table.page', {
            from: num(current * opts.pageSize + 1),
            to: num(Math.min((current + 1) * opts.pageSize, sorted.length)),
            total: num(sorted.length),
          })}
        </span>
        <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
          {t('table.next')}
        </button>
      </div>
    ) : null;

  return { shown, sorted, header, pager };
}

/** Offers a file for download from the page (no server round trip). */
export function download(filename: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV and JSON export of a table's rows (all of them in the current order, not only the page shown). */
export function ExportButtons<T>({
  rows,
  columns,
  filename,
  testId,
  jsonLines,
}: {
  rows: T[];
  columns: Column<T>[];
  filename: string;
  testId: string;
  /** Also offer JSON lines (one object a line, NDJSON): what each row is written as. */
  jsonLines?: (row: T) => unknown;
}) {
  const { t } = useI18n();
  const records = () =>
    rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r)])));
  return (
    <span className="export-buttons">
      <button
        type="button"
        data-testid={`${testId}-csv`}
        title={t('table.exportLabel', { rows: rows.length, format: 'CSV' })}
        disabled={rows.length === 0}
        onClick={() =>
          download(
            `${filename}.csv`,
            'text/csv;charset=utf-8',
            toCsv(
              columns.map((c) => c.key),
              records(),
            ),
          )
        }
      >
        {t('table.exportCsv')}
      </button>
      <button
        type="button"
        data-testid={`${testId}-json`}
        title={t('table.exportLabel', { rows: rows.length, format: 'JSON' })}
        disabled={rows.length === 0}
        onClick={() =>
          download(
            `${filename}.json`,
            'application/json',
            JSON.stringify(records(), null, 2) + '\n',
          )
        }
      >
        {t('table.exportJson')}
      </button>
      {jsonLines && (
        <button
          type="button"
          data-testid={`${testId}-jsonl`}
          title={t('table.exportLabel', { rows: rows.length, format: 'JSON lines' })}
          disabled={rows.length === 0}
          onClick={() =>
            download(
              `${filename}.jsonl`,
              'application/x-ndjson',
              rows.map((r) => JSON.stringify(jsonLines(r)) + '\n').join(''),
            )
          }
        >
          {t('table.exportJsonLines')}
        </button>
      )}
    </span>
  );
}
