// Nested Arrow types (List<List<…>>, Struct) for table columns that @sdk/core's tableFromColumns
// does not infer from plain values.
import { Bool, type DataType, Field, Float64, Int64, List, Struct, Utf8 } from 'apache-arrow';

export type ArrowType = DataType;

/** The Arrow type of a simple column, as core builds them (`float64`, `int64`, `utf8`, `bool`). */
export function scalarType(kind: 'float64' | 'int64' | 'utf8' | 'bool'): ArrowType {
  switch (kind) {
    case 'float64':
      return new Float64();
    case 'int64':
      return new Int64();
    case 'utf8':
      return new Utf8();
    case 'bool':
      return new Bool();
  }
}

export function listType(child: ArrowType): ArrowType {
  return new List(new Field('item', child, true));
}

export function structType(fields: readonly [string, ArrowType][]): ArrowType {
  return new Struct(fields.map(([name, type]) => new Field(name, type, true)));
}
