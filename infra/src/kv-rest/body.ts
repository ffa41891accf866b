// Reads a request body into memory with a hard size limit, so one oversized
// request cannot exhaust the dev machine's memory.
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `the request body exceeds the limit of ${limit} bytes`);
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  // Nothing read yet: Node discards the unread body after the reply is sent.
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return; // keep draining so the connection stays usable
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new HttpError(400, 'the client closed the connection before sending the whole body'));
    });
  });
}
