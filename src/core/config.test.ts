import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig: TAHALUF_MODE', () => {
  it('defaults to secretariat and reads national with its member', () => {
    expect(loadConfig({}).mode).toBe('secretariat');
    const national = loadConfig({ TAHALUF_MODE: 'national', TAHALUF_MEMBER: 'QAT' });
    expect(national.mode).toBe('national');
    expect(national.nodeMember).toBe('QAT');
  });

  it('refuses a mode outside the vocabulary, naming the value given', () => {
    let thrown: unknown;
    try {
      loadConfig({ TAHALUF_MODE: 'nationl' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown instanceof ConfigError ? thrown.problems : []).toContain(
      "TAHALUF_MODE must be 'secretariat' or 'national', not 'nationl'",
    );
  });
});
