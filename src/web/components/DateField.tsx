import { useEffect, useId, useRef, useState } from 'react';

/** A real calendar day written YYYY-MM-DD (no 2025-02-30). */
export function isRealDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Whether a value the date input reports while someone types is a finished date. Chromium reports the
 * year digit by digit (typing 2025 reports 0002, 0020, 0202, then 2025): a year below 1000 is taken as
 * still being typed, never applied.
 */
export function isCompleteDay(s: string): boolean {
  return isRealDay(s) && Number(s.slice(0, 4)) >= 1000;
}

/** Why a finished entry cannot be used, in words; null when it can. */
export function dateProblem(s: string, min?: string, max?: string): string | null {
  if (!s) return 'Type a full date (day, month and four-digit year).';
  if (!isRealDay(s)) return `${s} is not a real calendar date.`;
  if (Number(s.slice(0, 4)) < 1000) return 'Type the year with four digits.';
  if (min && s < min) return `The data begins on ${min}; choose a later date.`;
  if (max && s > max) return `Choose a date on or before ${max}.`;
  return null;
}

/** How long typing must pause before a complete date is applied (Enter or leaving applies at once). */
const PAUSE_MS = 700;

export interface DateFieldProps {
  /** The applied date (YYYY-MM-DD). */
  value: string;
  /** Called once the typed date is complete and valid (never for partial input). */
  onChange: (day: string) => void;
  label: string;
  min?: string;
  max?: string;
  testId?: string;
  className?: string;
}

/**
 * A date input that keeps what the user is typing to itself: partial input (a year typed digit by
 * digit) is neither applied nor rewritten nor reported as an error. The date is applied as soon as it is
 * complete and valid and the typing pauses (or at once on Enter or leaving the field); a finished entry that cannot be used (left with Enter or by moving away) is
 * explained under the field and not applied.
 */
export function DateField({ value, onChange, label, min, max, testId, className }: DateFieldProps) {
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  const ref = useRef<HTMLInputElement>(null);
  const id = useId();
  const pause = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pause.current), []);
  // The applied value moved (a link, a timeline event, "Today"): show it, unless the user is typing.
  useEffect(() => {
    if (document.activeElement !== ref.current) {
      setDraft(value);
      setProblem(null);
    }
  }, [value]);

  const apply = (s: string) => {
    if (s !== value) onChange(s);
  };
  const finish = () => {
    window.clearTimeout(pause.current);
    const p = dateProblem(draft, min, max);
    setProblem(p);
    if (!p) apply(draft);
  };
  return (
    <span className={`date-field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={ref}
        type="date"
        data-testid={testId}
        value={draft}
        min={min}
        max={max}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => {
          const s = e.target.value;
          setDraft(s);
          setProblem(null);
          window.clearTimeout(pause.current);
          // Applied once the typing pauses: typing 09092025 into a field holding 2024-01-01 passes
          // through 2024-09-01 and 2024-09-09, which are real dates but not the one being typed.
          if (isCompleteDay(s) && !dateProblem(s, min, max))
            pause.current = window.setTimeout(() => apply(s), PAUSE_MS);
        }}
        onBlur={finish}
        onKeyDown={(e) => {
          if (e.key === 'Enter') finish();
        }}
      />
      {problem && (
        <span className="field-problem" id={`${id}-problem`} role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
