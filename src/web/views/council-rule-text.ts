import type { RuleSpec } from '../../council/decision-rules.js';
import type { I18n } from '../i18n/index.js';

/**
 * A decision rule in the reader's language, from the charter's rule as data (the server's
 * `describeRule` writes the same in English for the CLI and the API). Every rule kind is named here, so
 * adding a kind to `RuleParams` and forgetting it is a compile error (the switch is exhaustive).
 */
export function ruleText(rule: RuleSpec, t: I18n['t']): string {
  const quorum =
    'quorum' in rule && rule.quorum ? t('council.rule.quorum', { ...rule.quorum }) : '';
  const exclusion = rule.exclude?.length
    ? t('council.rule.exclude', {
        roles: rule.exclude.map((role) => t('council.rule.role', { role })).join('/'),
      })
    : '';
  return body(rule, t) + quorum + exclusion;
}

function body(rule: RuleSpec, t: I18n['t']): string {
  switch (rule.kind) {
    case 'consensus':
      return t('council.rule.consensus');
    case 'silence':
      return t('council.rule.silence');
    case 'unanimity-present':
      return t('council.rule.unanimityPresent');
    case 'qualified-majority':
      return t('council.rule.qualifiedMajority', {
        strict: rule.strict ? 'yes' : 'no',
        num: rule.threshold.num,
        den: rule.threshold.den,
        base: rule.base,
      });
    case 'majority-binding-acceptors':
      return t('council.rule.majorityBindingAcceptors');
  }
}

/** A charter's decision type in the reader's language (English keeps the charter's own label). */
export const decisionLabel = (t: I18n['t'], key: string, label: string | undefined): string =>
  t('council.decisionType', { key, label: label ?? key });
