// Base class of every writable NWB object and the context that turns them into nodes.
import { SdkError } from '@sdk/core';
import type { SpecCatalog } from '../spec/catalog.js';
import type { DatasetNode, GroupNode, Node, Target } from './node.js';

/** 'core', 'hdmf-common', 'hdmf-experimental' or a registered extension namespace. */
export type Namespace = string;

/** Names nwbinspector rejects (CRITICAL) or HDF5 cannot store. */
export function checkName(name: unknown, where: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new SdkError('E_VALIDATION', `${where}: name must be a non-empty string`);
  }
  if (name.includes('/') || name.includes('\\')) {
    throw new SdkError('E_VALIDATION', `${where}: name "${name}" must not contain "/" or "\\"`);
  }
  if (name === '.' || name === '..')
    throw new SdkError('E_VALIDATION', `${where}: name "${name}" is reserved`);
  return name;
}

export function required<T>(value: T | undefined | null, field: string, where: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && value.length === 0)) {
    throw new SdkError('E_VALIDATION', `${where}: "${field}" is required`);
  }
  return value;
}

/** A writable NWB object with a neurodata_type; it is written where it is added. */
export abstract class NwbContainer {
  /** @internal marks containers as reference/link targets. */
  readonly __target = 'container' as const;
  abstract readonly neurodata_type: string;
  readonly namespace: Namespace = 'core';
  readonly name: string;
  /** Assigned when first written (from the writer's id generator) unless set before. */
  object_id: string | undefined;

  constructor(name: string) {
    this.name = checkName(name, `${new.target.name}`);
  }

  /** @internal The node of this object (its type attributes are added by BuildContext). */
  abstract buildNode(ctx: BuildContext): GroupNode | DatasetNode;

  /** Text used in messages: `Type 'name'`. */
  describe(): string {
    return `${this.neurodata_type} '${this.name}'`;
  }
}

/** Collects nodes, the place each container lands, deferred checks and warnings. */
export class BuildContext {
  readonly nodeOf = new Map<NwbContainer, GroupNode | DatasetNode>();
  readonly postChecks: (() => void)[] = [];
  readonly warnings: string[] = [];
  /** The file's electrodes table; ElectricalSeries regions must point into it. */
  fileElectrodes: NwbContainer | undefined;
  /** Core + registered extension types, for checking extension objects. */
  catalog: SpecCatalog | undefined;
  /** Placeholder descriptions (`no description`, `none`, ...) throw in strict mode. */
  constructor(readonly strict = false) {}

  build(c: NwbContainer): GroupNode | DatasetNode {
    if (this.nodeOf.has(c)) {
      throw new SdkError(
        'E_VALIDATION',
        `${c.describe()} is added to the file twice; an object can have only one parent (link to it instead)`,
      );
    }
    const node = c.buildNode(this);
    node.type = { neurodata_type: c.neurodata_type, namespace: c.namespace };
    node.owner = c;
    this.nodeOf.set(c, node);
    return node;
  }

  buildAll(items: Iterable<NwbContainer>): Node[] {
    return [...items].map((c) => this.build(c));
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  description(value: string | undefined, where: string): void {
    if (!this.strict || value === undefined) return;
    if (
      ['no description', 'none', 'placeholder', 'no comments', ''].includes(
        value.trim().toLowerCase(),
      )
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: description "${value}" is a placeholder (strict mode)`,
      );
    }
  }
}

export function isContainer(t: Target | unknown): t is NwbContainer {
  return t instanceof NwbContainer;
}

/** Ordered children by name; a second object with the same name is an error. */
export class NamedCollection<T extends NwbContainer> {
  private readonly items = new Map<string, T>();
  constructor(private readonly where: string) {}

  add<U extends T>(item: U): U {
    if (this.items.has(item.name)) {
      throw new SdkError(
        'E_VALIDATION',
        `${this.where} already holds an object named "${item.name}"`,
      );
    }
    this.items.set(item.name, item);
    return item;
  }

  get(name: string): T | undefined {
    return this.items.get(name);
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  get size(): number {
    return this.items.size;
  }

  values(): T[] {
    return [...this.items.values()];
  }

  includes(item: T): boolean {
    return this.items.get(item.name) === item;
  }
}
