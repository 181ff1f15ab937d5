#!/usr/bin/env node
import { processIo } from './io.js';
import { main } from './program.js';

// `dam … | head` closes the pipe early: stop quietly instead of crashing with EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv, processIo);
