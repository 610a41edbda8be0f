#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so `npm ci` is all an install needs.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
