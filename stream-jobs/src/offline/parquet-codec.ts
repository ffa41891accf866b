// Columns of plain JS values ⇄ Parquet bytes: Arrow tables built with
// apache-arrow, serialised by parquet-wasm with ZSTD. Decoding checks the
// file's kind, format version and column types, and turns every decoder
// failure into an OfflineStoreError naming the file.
import { DataType, Field, RecordBatch, Schema, Struct, Table, TimeUnit, makeData, tableFromIPC, tableToIPC, type Vector } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, readParquet, writeParquet } from 'parquet-wasm/node';
import { arrowType, columnData, readBools, readInt64Text, readNumbers, readStringLists, readStrings } from './arrow-arrays.js';
import { OfflineStoreError } from './errors.js';
import { FORMAT_METADATA_KEY, FORMAT_VERSION, KIND_METADATA_KEY, type ColumnSpec } from './schema.js';

/** One array of values per column, each as long as the table. */
export type ColumnValues = Readonly<Record<string, readonly unknown[]>>;

export interface EncodeOptions {
  readonly kind: string;
  /** Extra schema metadata (string pairs), kept in the file. */
  readonly metadata?: ReadonlyMap<string, string>;
}

/** Arrow schema of a set of columns, with the kind and format version in its metadata. */
function arrowSchema(specs: readonly ColumnSpec[], options: EncodeOptions): Schema {
  const metadata = new Map([...(options.metadata ?? []), [KIND_METADATA_KEY, options.kind], [FORMAT_METADATA_KEY, FORMAT_VERSION]]);
  return new Schema(specs.map((s) => new Field(s.name, arrowType(s.kind), s.nullable)), metadata);
}

export function encodeParquet(specs: readonly ColumnSpec[], columns: ColumnValues, rows: number, options: EncodeOptions): Uint8Array {
  const schema = arrowSchema(specs, options);
  const children = specs.map((spec) => {
    const values = columns[spec.name];
    if (values === undefined || values.length !== rows) throw new RangeError(`column ${spec.name}: expected ${rows} values, got ${values?.length ?? 'none'}`);
    return columnData(spec.kind, values);
  });
  const struct = makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children });
  const table = new Table([new RecordBatch(schema, struct)]);
  const properties = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setCreatedBy('freshet offline store').build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), properties);
}

/** A decoded file's columns by name, each as an array of the file's length (null where missing). */
export interface DecodedColumns {
  readonly rows: number;
  string(name: string): readonly (string | null)[];
  number(name: string): readonly (number | null)[];
  bool(name: string): readonly (boolean | null)[];
  list(name: string): readonly (string[] | null)[];
  /** An int64 column as decimal strings (offsets can exceed 2^53). */
  int64Text(name: string): readonly (string | null)[];
}

function typeProblem(spec: ColumnSpec, type: DataType): string | undefined {
  const ok = (() => {
    switch (spec.kind) {
      case 'utf8':
        return DataType.isUtf8(type) || DataType.isLargeUtf8(type);
      case 'int32':
      case 'int64':
      case 'offset':
        return DataType.isInt(type) && type.isSigned;
      case 'float64':
        return DataType.isFloat(type) || DataType.isInt(type);
      case 'bool':
        return DataType.isBool(type);
      case 'timestamp':
        return DataType.isTimestamp(type) && type.unit === TimeUnit.MILLISECOND;
      case 'utf8list':
        return DataType.isList(type) && (DataType.isUtf8(type.children[0]!.type) || DataType.isLargeUtf8(type.children[0]!.type));
    }
  })();
  if (ok) return undefined;
  const expected = spec.kind === 'timestamp' ? 'a millisecond timestamp' : spec.kind === 'utf8list' ? 'a list of strings' : spec.kind === 'offset' ? 'int64' : spec.kind;
  return `column ${spec.name} is ${String(type)}; expected ${expected}`;
}

/**
 * Decodes a Parquet file of the given kind. Unknown extra columns are ignored
 * (readers keep working when columns are added); missing or mistyped ones are
 * an error naming the column.
 */
export function decodeParquet(bytes: Uint8Array, specs: readonly ColumnSpec[], kind: string, file: string): DecodedColumns {
  let table: Table;
  try {
    table = tableFromIPC(readParquet(bytes).intoIPCStream());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OfflineStoreError(file, `not a readable Parquet file (${reason.replace(/\s+/g, ' ').trim()})`);
  }
  const metadata = table.schema.metadata;
  const fileKind = metadata.get(KIND_METADATA_KEY);
  if (fileKind !== undefined && fileKind !== kind) throw new OfflineStoreError(file, `holds offline ${fileKind}, not ${kind}`);
  const format = metadata.get(FORMAT_METADATA_KEY);
  if (format !== undefined && format !== FORMAT_VERSION) {
    throw new OfflineStoreError(file, `offline store format ${format} is not supported (this reader knows format ${FORMAT_VERSION})`);
  }
  const vectors = new Map<string, Vector>();
  for (const spec of specs) {
    const field = table.schema.fields.find((f) => f.name === spec.name);
    if (!field) throw new OfflineStoreError(file, `column ${spec.name} is missing: not an offline ${kind} file`);
    const problem = typeProblem(spec, field.type as DataType);
    if (problem) throw new OfflineStoreError(file, problem);
    vectors.set(spec.name, table.getChild(spec.name)!);
  }
  const vector = (name: string): Vector => {
    const v = vectors.get(name);
    if (!v) throw new RangeError(`column ${name} was not declared for ${kind}`);
    return v;
  };
  return {
    rows: table.numRows,
    string: (name) => readStrings(vector(name)),
    number: (name) => readNumbers(vector(name)),
    bool: (name) => readBools(vector(name)),
    list: (name) => readStringLists(vector(name)),
    int64Text: (name) => readInt64Text(vector(name)),
  };
}
