// Unit tests for command parsing and refusal; no Redis needed.
import { describe, expect, it } from 'vitest';
import { parseCommand, parseCommandList, parseJsonBody, parsePathCommand, refusal } from './commands.js';
import { HttpError } from './http-error.js';

function failure(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
}

describe('parseCommand', () => {
  it('accepts strings, numbers and booleans as the client sends them', () => {
    expect(parseCommand(['set', 'k', 1.5, true, -0, 1e21])).toEqual({
      name: 'set',
      args: ['k', '1.5', 'true', '0', '1e+21'],
    });
  });

  it('refuses commands that would block or change the shared connection', () => {
    expect(failure(() => parseCommand(['blpop', 'k', 0])).message).toMatch(/^BLPOP is a blocking command/);
    expect(refusal('xreadgroup', ['GROUP', 'g', 'c', 'block', '10', 'STREAMS', 's', '>'])).toMatch(/BLOCK/);
    expect(refusal('xread', ['STREAMS', 'block', '0'])).toBeUndefined();
    expect(refusal('client', ['list'])).toBeUndefined();
    expect(refusal('get', ['k'])).toBeUndefined();
  });
});

describe('parseCommandList', () => {
  it('numbers the offending command from 1', () => {
    const error = failure(() => parseCommandList([['get', 'k'], ['get', {}]], 'pipeline'));
    expect(error.status).toBe(400);
    expect(error.message).toBe('command 2 of the pipeline: element 1 must be a string, number or boolean, got an object');
  });
});

describe('parseJsonBody', () => {
  it('rejects empty and malformed bodies with 400', () => {
    expect(failure(() => parseJsonBody(Buffer.alloc(0))).status).toBe(400);
    expect(failure(() => parseJsonBody(Buffer.from('[1,'))).message).toMatch(/^the request body is not valid JSON/);
  });
});

describe('parsePathCommand', () => {
  it('decodes segments, appends the body, then query parameters except _token', () => {
    const body = Buffer.from([1, 2, 3]);
    const command = parsePathCommand('/set/a%2Fb', new URLSearchParams('_token=t&EX=10&NX'), body);
    expect(command).toEqual({ name: 'set', args: ['a/b', body, 'EX', '10', 'NX'] });
  });

  it('answers 404 for paths that cannot name a command', () => {
    expect(failure(() => parsePathCommand('//x', undefined, Buffer.alloc(0))).status).toBe(404);
    expect(failure(() => parsePathCommand('/%E0%A4%A', undefined, Buffer.alloc(0))).status).toBe(400);
  });
});
