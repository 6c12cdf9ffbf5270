import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.js';

export interface ComboOption {
  value: string;
  label: string;
  /** Heading of the group the option is listed under (consecutive options share it). */
  group?: string;
  /** Extra words the filter matches (e.g. the Arabic name). */
  keywords?: string;
}

/**
 * Options matching what was typed, best first: a label starting with it, then a word of the label
 * starting with it, then a label or keyword containing it. Case and accents are ignored.
 */
export function filterOptions(options: ComboOption[], query: string): ComboOption[] {
  const q = fold(query.trim());
  if (!q) return options;
  const scored: { o: ComboOption; score: number; i: number }[] = [];
  options.forEach((o, i) => {
    const label = fold(o.label);
    const words = `${label} ${fold(o.keywords ?? '')}`;
    const score = label.startsWith(q)
      ? 0
      : label.split(/[\s(),-]+/).some((w) => w.startsWith(q))
        ? 1
        : words.includes(q)
          ? 2
          : -1;
    if (score >= 0) scored.push({ o, score, i });
  });
  return scored.sort((a, b) => a.score - b.score || a.i - b.i).map((s) => s.o);
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export interface ComboboxProps {
  label: string;
  options: ComboOption[];
  /** The chosen value; its option's label is shown while the field is not being edited. */
  value: string;
  /** Called only on an explicit choice: Enter on the highlighted option, or a click. Never on typing. */
  onChoose: (value: string) => void;
  disabled?: boolean;
  testId?: string;
  /** Text shown when the value is not among the options. */
  valueLabel?: string;
  className?: string;
}

/**
 * An editable combobox (WAI-ARIA 1.2 "combobox with list autocomplete"): typing filters the list and
 * highlights the best match, arrows move the highlight, Enter or a click chooses, Escape or leaving the
 * field restores the current choice. Nothing is chosen while typing.
 */
export function Combobox({
  label,
  options,
  value,
  onChoose,
  disabled,
  testId,
  valueLabel,
  className,
}: ComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const current = options.find((o) => o.value === value)?.label ?? valueLabel ?? value;
  const { t } = useI18n();
  const [text, setText] = useState(current);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => filterOptions(options, query), [options, query]);
  useEffect(() => {
    if (!open) setText(current);
  }, [current, open]);
  useEffect(() => {
    if (!open) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [active, open]);

  const close = () => {
    setOpen(false);
    setQuery('');
    setText(current);
  };
  const choose = (o: ComboOption | undefined) => {
    if (!o) return;
    setOpen(false);
    setQuery('');
    setText(o.label);
    onChoose(o.value);
  };
  const openList = () => {
    setOpen(true);
    setQuery('');
    setActive(
      Math.max(
        0,
        options.findIndex((o) => o.value === value),
      ),
    );
  };

  return (
    <div className={`combobox ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="combobox-field">
        <input
          id={id}
          ref={inputRef}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && shown[active] ? `${id}-opt-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          disabled={disabled}
          data-testid={testId}
          data-value={value}
          value={text}
          onFocus={(e) => e.target.select()}
          onClick={() => !open && openList()}
          onChange={(e) => {
            setText(e.target.value);
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onBlur={close}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (!open) return openList();
              const n = shown.length;
              if (n) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
            } else if (e.key === 'Enter') {
              if (open) {
                e.preventDefault();
                choose(shown[active]);
              } else openList();
            } else if (e.key === 'Escape') {
              if (open) e.preventDefault();
              close();
            } else if (e.key === 'Home' && open) {
              setActive(0);
            } else if (e.key === 'End' && open) {
              setActive(Math.max(0, shown.length - 1));
            }
          }}
        />
        <button
          type="button"
          className="combobox-toggle"
          tabIndex={-1}
          aria-label={t('combo.show', { label })}
          disabled={disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            if (open) close();
            else {
              inputRef.current?.focus();
              openList();
            }
          }}
        >
          ▾
        </button>
        <ul
          id={listId}
          ref={listRef}
          role="listbox"
          aria-label={label}
          className="combobox-list"
          hidden={!open}
        >
          {open && shown.length === 0 && (
            <li className="combobox-empty" role="presentation">
              {t('combo.nothing', { query })}
            </li>
          )}
          {open &&
            shown.map((o, i) => (
              <li
                key={o.value}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                data-index={i}
                data-value={o.value}
                data-testid={testId ? `${testId}-option-${o.value || 'none'}` : undefined}
                className={`${i === active ? 'active' : ''} ${o.value === value ? 'current' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => i !== active && setActive(i)}
                onClick={() => choose(o)}
              >
                {o.group && !query && (i === 0 || shown[i - 1].group !== o.group) && (
                  <span className="combobox-group" aria-hidden="true">
                    {o.group}
                  </span>
                )}
                {o.label}
              </li>
            ))}
        </ul>
      </div>
    </div>
  );
}
