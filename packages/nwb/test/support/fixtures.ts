import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';

export const FIXTURES = new URL('../fixtures/', import.meta.url);
export const SHARED_DATA = new URL('../../../../../shared/data/', import.meta.url);

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, FIXTURES));
}

export function readFixtureJson<T = unknown>(name: string): T {
  return parsePythonJson(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

export function sharedPath(rel: string): string {
  return fileURLToPath(new URL(rel, SHARED_DATA));
}

export function sharedExists(rel: string): boolean {
  return existsSync(new URL(rel, SHARED_DATA));
}
