import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { plainProblem } from './problem-text.js';

const labels: [RegExp, string][] = [
  [/\/homeBase\/lon$/, 'Longitude'],
  [/\/size$/, 'Troops'],
];

describe('plainProblem', () => {
  it('names the field as the form labels it and says the schema phrase in words', () => {
    const e = new ApiError(
      400,
      'Bad Request',
      'body/units/0/homeBase/lon must be number',
      'bad_input',
      'body/units/0/homeBase/lon',
    );
    expect(plainProblem(e, labels)).toEqual({
      field: 'body/units/0/homeBase/lon',
      label: 'Longitude',
      text: 'Longitude must be a number.',
    });
  });

  it('prefixes the label when the text does not name the field, keeps unknown fields as sent', () => {
    const e = new ApiError(400, 'Bad Request', 'must be >= 1', 'bad_input', 'body/units/0/size');
    expect(plainProblem(e, labels).text).toBe('Troops: must be at least 1.');
    const other = new ApiError(
      400,
      'Bad',
      'body/availableFrom is not a date',
      'x',
      'body/availableFrom',
    );
    expect(plainProblem(other, labels).text).toBe('body/availableFrom is not a date.');
  });

  it('passes other errors through', () => {
    expect(plainProblem(new Error('offline')).text).toBe('offline');
  });
});
