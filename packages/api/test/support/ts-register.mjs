// `node --import <this file>` installs ts-hooks.mjs in a child process (see ts-child.ts).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
