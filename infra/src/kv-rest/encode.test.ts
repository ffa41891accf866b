// Unit tests for reply encoding; no Redis needed.
import { describe, expect, it } from 'vitest';
import { encodeReply } from './encode.js';

describe('encodeReply', () => {
  const reply = [Buffer.from('OK'), 7, null, [Buffer.from([0xff]), Buffer.from('é')]];

  it('base64-encodes strings at every depth, except a top-level OK', () => {
    expect(encodeReply(Buffer.from('OK'), true)).toBe('OK');
    expect(encodeReply(Buffer.from('PONG'), true)).toBe('UE9ORw==');
    expect(encodeReply(reply, true)).toEqual(['T0s=', 7, null, ['/w==', 'w6k=']]);
  });

  it('decodes strings as UTF-8 without base64', () => {
    expect(encodeReply(reply, false)).toEqual(['OK', 7, null, ['\ufffd', 'é']]);
  });

  it('keeps the text of errors nested in arrays', () => {
    expect(encodeReply([new Error('ERR inner')], false)).toEqual(['ERR inner']);
  });
});
