// Nested Arrow types (List<List<…>>, Struct) for table columns that @sdk/core's tableFromColumns
// does not infer. @sdk/nwb does not depend on apache-arrow directly, so the type constructors are
// taken from the instances core builds (the same apache-arrow module); once apache-arrow is a
// direct dependency these become plain imports.
import { tableFromColumns } from '@sdk/core';

type ArrowTable = ReturnType<typeof tableFromColumns>;
export type ArrowType = ArrowTable['schema']['fields'][number]['type'];
type ArrowField = ArrowTable['schema']['fields'][number];
type Ctor<T> = new (...args: never[]) => T;

let ctors: { List: Ctor<ArrowType>; Struct: Ctor<ArrowType>; Field: Ctor<ArrowField> } | undefined;

function constructors() {
  if (!ctors) {
    const probe = tableFromColumns({ l: [[1.5]], s: ['x'] });
    const listField = probe.schema.fields[0] as ArrowField;
    const batch = probe.batches[0];
    ctors = {
      List: listField.type.constructor as Ctor<ArrowType>,
      Field: listField.constructor as Ctor<ArrowField>,
      Struct: (batch?.data.type ?? listField.type).constructor as Ctor<ArrowType>,
    };
  }
  return ctors;
}

/** The Arrow type of a simple column core builds (`float64`, `int64`, `utf8`, `bool`). */
export function scalarType(kind: 'float64' | 'int64' | 'utf8' | 'bool'): ArrowType {
  const sample = { float64: [1.5], int64: [1], utf8: ['a'], bool: [true] }[kind];
  return (tableFromColumns({ c: sample }).schema.fields[0] as ArrowField).type;
}

export function listType(child: ArrowType): ArrowType {
  const { List, Field } = constructors();
  const f = new (
    Field as unknown as new (
      name: string,
      type: ArrowType,
      nullable: boolean,
    ) => ArrowField
  )('item', child, true);
  return new (List as unknown as new (f: ArrowField) => ArrowType)(f);
}

export function structType(fields: readonly [string, ArrowType][]): ArrowType {
  const { Struct, Field } = constructors();
  const fs = fields.map(
    ([n, t]) =>
      new (
        Field as unknown as new (
          name: string,
          type: ArrowType,
          nullable: boolean,
        ) => ArrowField
      )(n, t, true),
  );
  return new (Struct as unknown as new (f: ArrowField[]) => ArrowType)(fs);
}
