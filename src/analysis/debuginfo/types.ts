// The type model every debug-info provider (DWARF, BTF) produces. References between
// types are getters, so a provider may resolve them lazily.

export type Type =
  | VoidType
  | IntType
  | BoolType
  | FloatType
  | PointerType
  | CompoundType
  | EnumType
  | ArrayType
  | TypedefType
  | QualifiedType
  | FunctionType;

export interface VoidType {
  kind: 'void';
  name: 'void';
}

export interface IntType {
  kind: 'int';
  name: string;
  size: number;
  signed: boolean;
}

export interface BoolType {
  kind: 'bool';
  name: string;
  size: number;
}

export interface FloatType {
  kind: 'float';
  name: string;
  size: number;
}

export interface PointerType {
  kind: 'pointer';
  name: null;
  size: number;
  readonly target: Type;
}

export interface Member {
  /** null for an anonymous struct/union member. */
  name: string | null;
  readonly type: Type;
  /** Offset of the member's first bit from the start of the enclosing type. */
  bitOffset: number;
  /** Width of a bitfield; null for ordinary members. */
  bitSize: number | null;
}

export interface CompoundType {
  kind: 'struct' | 'union';
  name: string | null;
  /** null for an incomplete declaration (`struct foo;`). */
  size: number | null;
  readonly members: readonly Member[];
}

export interface Enumerator {
  name: string;
  value: bigint;
}

export interface EnumType {
  kind: 'enum';
  name: string | null;
  size: number;
  signed: boolean;
  readonly enumerators: readonly Enumerator[];
}

export interface ArrayType {
  kind: 'array';
  name: null;
  readonly element: Type;
  /** null for a flexible array member (`int x[]`). */
  length: number | null;
}

export interface TypedefType {
  kind: 'typedef';
  name: string;
  readonly target: Type;
}

export interface QualifiedType {
  kind: 'const' | 'volatile' | 'restrict';
  name: null;
  readonly target: Type;
}

export interface FunctionType {
  kind: 'function';
  name: null;
  readonly returnType: Type;
  readonly params: readonly Type[];
  variadic: boolean;
}

export type NamedTypeKind = 'struct' | 'union' | 'enum' | 'typedef' | 'base';
