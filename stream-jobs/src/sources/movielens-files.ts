// Reads a MovieLens dataset from disk (gzip, latin-1, CSV as needed) and feeds
// its rows to the pure assembler in @freshet/shared.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import {
  MOVIELENS,
  createMovieLensAssembler,
  splitFields,
  type FileSpec,
  type MovieLensData,
  type MovieLensFile,
  type MovieLensId,
} from '@freshet/shared/movielens';
import { datasetsDir, requireDatasetFile } from './datasets-dir.js';

export interface ReadOptions {
  /** Folder holding movielens-100k/, movielens-1m/, movielens-latest-small/. */
  readonly dir?: string;
  /** Called every 10,000 rows and at the end of each file. */
  readonly onProgress?: (file: MovieLensFile, rows: number) => void;
}

function open(path: string, spec: FileSpec): Readable {
  const raw = createReadStream(path);
  const stream: Readable = spec.gzip ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding(spec.encoding === 'latin1' ? 'latin1' : 'utf8');
  return stream;
}

type RowSink = (fields: readonly string[], line: number) => void;
type SkipSink = (line: number, reason: string) => void;

async function readDelimited(stream: Readable, spec: FileSpec, onRow: RowSink): Promise<void> {
  if (spec.format === 'csv') throw new TypeError('CSV goes through readCsv');
  const format = spec.format;
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (spec.header && line === 1) continue;
    if (text === '') continue;
    onRow(splitFields(text, format), line);
  }
}

async function readCsv(stream: Readable, spec: FileSpec, onRow: RowSink, onSkip: SkipSink): Promise<void> {
  // Bad CSV rows (broken quoting, wrong field count) are reported and skipped, never fatal.
  const parser = stream.pipe(parseCsv({ from_line: spec.header ? 2 : 1, info: true, skip_records_with_error: true }));
  parser.on('skip', (error: Error & { lines?: number }) => onSkip(error.lines ?? 0, `malformed CSV: ${error.message}`));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    onRow(record, info.lines);
  }
}

/** Reads every file of a dataset; rows that do not parse are listed in `rejected`, never fatal. */
export async function readMovieLens(id: MovieLensId, options: ReadOptions = {}): Promise<MovieLensData> {
  const ds = MOVIELENS[id];
  const folder = join(options.dir ?? datasetsDir(), ds.folder);
  const assembler = createMovieLensAssembler(ds);
  const skipped: { file: MovieLensFile; line: number; reason: string }[] = [];

  // Movies first so that ratings can be checked against the catalog.
  const order: MovieLensFile[] = ['movies', 'users', 'ratings', 'tags'];
  for (const file of order) {
    const spec = ds.files[file];
    if (spec === undefined) continue;
    const path = join(folder, spec.name);
    requireDatasetFile(ds.title, path);
    let rows = 0;
    const onRow: RowSink = (fields, line) => {
      assembler.add(file, fields, line);
      if (++rows % 10_000 === 0) options.onProgress?.(file, rows);
    };
    const stream = open(path, spec);
    if (spec.format === 'csv') await readCsv(stream, spec, onRow, (line, reason) => skipped.push({ file, line, reason }));
    else await readDelimited(stream, spec, onRow);
    options.onProgress?.(file, rows);
  }
  const data = assembler.finish();
  return skipped.length === 0 ? data : { ...data, rejected: [...skipped, ...data.rejected] };
}
