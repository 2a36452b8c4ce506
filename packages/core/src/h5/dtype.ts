import type { Metadata } from 'h5wasm';
import { SdkError } from '../errors.js';

// HDF5 type classes (H5T_class_t), as h5wasm reports them in `Metadata.type`.
export const H5T = {
  INTEGER: 0,
  FLOAT: 1,
  TIME: 2,
  STRING: 3,
  BITFIELD: 4,
  OPAQUE: 5,
  COMPOUND: 6,
  REFERENCE: 7,
  ENUM: 8,
  VLEN: 9,
  ARRAY: 10,
} as const;

/** An HDF5 datatype, described the way a reader needs it. */
export type H5DType =
  | { class: 'int' | 'uint'; size: 1 | 2 | 4 | 8; littleEndian: boolean }
  | { class: 'float'; size: 2 | 4 | 8; littleEndian: boolean }
  /** h5py's boolean: an enum {FALSE: 0, TRUE: 1}; read as Uint8Array 0/1. */
  | { class: 'bool'; size: number }
  | { class: 'enum'; size: number; base: H5DType; members: Record<string, number> }
  | {
      class: 'string';
      vlen: boolean;
      size: number;
      encoding: 'ascii' | 'utf-8';
      padding: 'nullterm' | 'nullpad' | 'spacepad';
    }
  | { class: 'compound'; size: number; members: H5CompoundMember[] }
  | { class: 'array'; size: number; base: H5DType; shape: number[] }
  | { class: 'vlen'; size: number; base: H5DType }
  | { class: 'reference'; size: number; kind: 'object' | 'region' }
  | { class: 'opaque' | 'bitfield' | 'time'; size: number };

export interface H5CompoundMember {
  name: string;
  offset: number;
  type: H5DType;
}

const STRPAD = ['nullterm', 'nullpad', 'spacepad'] as const;

function isBooleanEnum(members: Record<string, number>): boolean {
  const names = Object.keys(members);
  return names.length === 2 && members.FALSE === 0 && members.TRUE === 1;
}

/** The descriptor of an h5wasm metadata record (dataset, attribute, member or base type). */
export function dtypeFromMetadata(meta: Metadata): H5DType {
  const size = meta.size;
  switch (meta.type) {
    case H5T.INTEGER:
      return {
        class: meta.signed ? 'int' : 'uint',
        size: size as 1 | 2 | 4 | 8,
        littleEndian: meta.littleEndian,
      };
    case H5T.FLOAT:
      return { class: 'float', size: size as 2 | 4 | 8, littleEndian: meta.littleEndian };
    case H5T.STRING:
      return {
        class: 'string',
        vlen: meta.vlen,
        size,
        encoding: meta.cset === 1 ? 'utf-8' : 'ascii',
        padding: STRPAD[meta.strpad ?? 0] ?? 'nullterm',
      };
    case H5T.ENUM: {
      const e = meta.enum_type;
      if (!e) throw new SdkError('E_FORMAT', 'enum type without members');
      const members = { ...e.members };
      if (isBooleanEnum(members)) return { class: 'bool', size };
      // h5wasm reports only the base class of an enum; its size and sign are the enum's own.
      const base = dtypeFromMetadata({ ...meta, type: e.type, enum_type: undefined } as Metadata);
      return { class: 'enum', size, base, members };
    }
    case H5T.COMPOUND: {
      const c = meta.compound_type;
      if (!c) throw new SdkError('E_FORMAT', 'compound type without members');
      return {
        class: 'compound',
        size,
        members: c.members.map((m) => ({
          name: m.name,
          offset: m.offset,
          type: dtypeFromMetadata(m),
        })),
      };
    }
    case H5T.ARRAY: {
      const a = meta.array_type;
      if (!a) throw new SdkError('E_FORMAT', 'array type without a base type');
      return { class: 'array', size, base: dtypeFromMetadata(a), shape: [...(a.shape ?? [])] };
    }
    case H5T.VLEN: {
      const v = meta.vlen_type;
      if (!v) throw new SdkError('E_FORMAT', 'variable-length type without a base type');
      return { class: 'vlen', size, base: dtypeFromMetadata(v) };
    }
    case H5T.REFERENCE:
      return { class: 'reference', size, kind: meta.ref_type === 'region' ? 'region' : 'object' };
    case H5T.OPAQUE:
      return { class: 'opaque', size };
    case H5T.BITFIELD:
      return { class: 'bitfield', size };
    case H5T.TIME:
      return { class: 'time', size };
    default:
      throw new SdkError('E_UNSUPPORTED', `unknown HDF5 type class ${meta.type}`);
  }
}

/** True when reading this type allocates variable-length memory that must be reclaimed. */
export function hasVlen(t: H5DType): boolean {
  switch (t.class) {
    case 'string':
      return t.vlen;
    case 'vlen':
      return true;
    case 'compound':
      return t.members.some((m) => hasVlen(m.type));
    case 'array':
    case 'enum':
      return hasVlen(t.base);
    default:
      return false;
  }
}

/** A short numpy-like name: int32, uint8, float64, bool, str, S10, enum<int8>, {a: int32, ...}. */
export function dtypeName(t: H5DType): string {
  switch (t.class) {
    case 'int':
    case 'uint':
    case 'float': {
      const name = `${t.class}${t.size * 8}`;
      return t.littleEndian || t.size === 1 ? name : `>${name}`;
    }
    case 'bool':
      return 'bool';
    case 'enum':
      return `enum<${dtypeName(t.base)}>`;
    case 'string':
      return t.vlen ? (t.encoding === 'utf-8' ? 'str' : 'bytes') : `S${t.size}`;
    case 'compound':
      return `{${t.members.map((m) => `${m.name}: ${dtypeName(m.type)}`).join(', ')}}`;
    case 'array':
      return `${dtypeName(t.base)}[${t.shape.join(',')}]`;
    case 'vlen':
      return `vlen<${dtypeName(t.base)}>`;
    case 'reference':
      return t.kind === 'object' ? 'object_ref' : 'region_ref';
    default:
      return `${t.class}${t.size * 8}`;
  }
}
