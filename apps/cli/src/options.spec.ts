import { InvalidArgumentError } from 'commander';
import { BACKENDS, DEFAULT_SEED, parseBackend, parseChoice, parseEnvName, parseFlowRunId, parseLevel, parsePositiveInt, parseResolution, parseSeed } from './options';

describe('option parsers (one module for every command)', () => {
  it('positive whole numbers, optionally bounded', () => {
    expect(parsePositiveInt('5', '--k')).toBe(5);
    expect(parsePositiveInt('100', '--k', 100)).toBe(100);
    for (const bad of ['0', '-1', '1.5', '', ' ', '1e3', 'ten', '0x10', '9007199254740993']) {
      expect(() => parsePositiveInt(bad, '--k')).toThrow(InvalidArgumentError);
    }
    expect(() => parsePositiveInt('101', '--k', 100)).toThrow('--k must be a whole number from 1 to 100, got "101"');
  });

  it('seeds: 0 to 2^32 - 1, one default', () => {
    expect(DEFAULT_SEED).toBe(42);
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(4294967295);
    for (const bad of ['-1', '4294967296', '4.2', 'abc', '']) expect(() => parseSeed(bad)).toThrow(/--seed must be a whole number from 0 to 4294967295/);
  });

  it('resolutions: finite numbers above 0', () => {
    expect(parseResolution('0.5')).toBe(0.5);
    expect(parseResolution('2')).toBe(2);
    for (const bad of ['0', '-1', 'NaN', 'Infinity', '', 'high']) expect(() => parseResolution(bad)).toThrow(/--resolution must be a number above 0/);
  });

  it('choices and backends', () => {
    expect(BACKENDS).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(parseBackend('wasm')).toBe('wasm');
    expect(() => parseBackend('gpu')).toThrow('--backend must be one of tensorflow, wasm, cpu, got "gpu"');
    expect(parseChoice(['csv', 'jsonl'] as const, '--format')('jsonl')).toBe('jsonl');
  });

  it('levels and environment variable names', () => {
    expect(parseLevel('coarse')).toBe('coarse');
    expect(parseLevel('2')).toBe(2);
    expect(() => parseLevel('top')).toThrow(InvalidArgumentError);
    expect(parseEnvName('CRM_SECRET', '--secret-env')).toBe('CRM_SECRET');
    // Someone typed the secret itself: refused, and the message does not repeat it.
    expect(() => parseEnvName('s3cr3t!value', '--secret-env')).toThrow(/takes the NAME of an environment variable/);
    expect(() => parseEnvName('s3cr3t!value', '--secret-env')).not.toThrow(/s3cr3t/);
  });
});

describe('parseFlowRunId (graphrec run --resume)', () => {
  it('takes a flow run id as graphrec runs prints it and refuses anything else with an example', () => {
    expect(parseFlowRunId('daily-20261203T080009Z-d604')).toBe('daily-20261203T080009Z-d604');
    for (const bad of ['daily', 'emb-20261203T080009Z-d604x', "daily-20261203T080009Z-d604' OR 1=1", '']) {
      expect(() => parseFlowRunId(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => parseFlowRunId('nope')).toThrow(/like daily-20261203T031500Z-3fa9/);
  });
});
