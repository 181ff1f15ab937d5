// Runs the examples of a package README: every ```js block followed by a ```text block is
// executed with Node inside the package directory (so that the package's own name and its
// dependencies resolve as a user's would, through `exports`), and its output must equal the block.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Pairs of (code, expected output) found in a README.
 * @param {string} markdown
 * @returns {{ code: string, output: string }[]}
 */
export function readmeExamples(markdown) {
  const pattern = /```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g;
  return [...markdown.matchAll(pattern)].map((match) => ({ code: match[1] ?? '', output: (match[2] ?? '').trim() }));
}

/**
 * Declares one vitest test per README example; fails if the README has none. With
 * `UPDATE_README=1` the output blocks are rewritten from the examples' real output first.
 * @param {URL} readmeUrl location of README.md
 */
export function testReadmeExamples(readmeUrl) {
  const path = fileURLToPath(readmeUrl);
  const markdown = readFileSync(path, 'utf8');
  const examples = readmeExamples(markdown);
  const run = (code, index) => {
    const file = join(dirname(path), `.readme-example-${index + 1}.mjs`);
    writeFileSync(file, code);
    try {
      return execFileSync(process.execPath, [file], { cwd: dirname(path), encoding: 'utf8' }).trim();
    } finally {
      rmSync(file, { force: true });
    }
  };
  if (process.env.UPDATE_README === '1') {
    // Rewrite each example's output block with what the example prints now (review the diff).
    let updated = markdown;
    examples.forEach(({ code, output }, index) => {
      const at = updated.indexOf(code);
      if (at < 0) return;
      const from = at + code.length;
      updated = updated.slice(0, from) + updated.slice(from).replace(output, run(code, index));
    });
    writeFileSync(path, updated);
  }
  it('README has at least one runnable example with its output', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  examples.forEach(({ code, output }, index) => {
    it(`README example ${index + 1} prints what the README shows`, () => {
      expect(run(code, index)).toBe(output);
    });
  });
}

/**
 * Sessions of a README's ```console blocks: each `$ <prefix> args` line, the output lines that
 * follow it, and an optional `$ echo $?` giving its exit code.
 * @param {string} markdown
 * @param {string} prefix the command as the README writes it, e.g. `pnpm --silent dam`
 */
export function consoleSessions(markdown, prefix) {
  const sessions = [];
  for (const block of markdown.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current;
    for (const line of (block[1] ?? '').split('\n')) {
      if (line.startsWith(`$ ${prefix} `)) {
        current = {
          args: line
            .slice(prefix.length + 3)
            .split(' ')
            .filter(Boolean),
          output: [],
          exitCode: 0,
          codeShown: false,
        };
        sessions.push(current);
      } else if (line === '$ echo $?' && current) {
        current.codeShown = true;
      } else if (current?.codeShown) {
        current.exitCode = Number(line);
        current = undefined;
      } else if (current) {
        current.output.push(line);
      }
    }
  }
  return sessions.map(({ args, output, exitCode }) => ({ args, output: output.join('\n').trimEnd(), exitCode }));
}

/**
 * Declares one test per command shown in the README's ```console blocks: running `argv0 …args`
 * must print exactly the output shown (stdout then stderr) and exit with the code shown
 * (0 unless an `$ echo $?` line says otherwise). With `UPDATE_README=1` the README's outputs are
 * rewritten from the real ones instead (review the diff before committing).
 * @param {URL} readmeUrl
 * @param {string} prefix command as written in the README
 * @param {string[]} argv0 what to run instead, e.g. [process.execPath, 'dist/bin.js']
 */
export function testReadmeConsole(readmeUrl, prefix, argv0) {
  const path = fileURLToPath(readmeUrl);
  const markdown = readFileSync(path, 'utf8');
  const sessions = consoleSessions(markdown, prefix);
  const run = (args) => {
    const [command, ...rest] = argv0;
    const result = spawnSync(command ?? process.execPath, [...rest, ...args], { cwd: dirname(path), encoding: 'utf8' });
    return { output: `${result.stdout}${result.stderr}`.trimEnd(), exitCode: result.status };
  };
  if (process.env.UPDATE_README === '1') {
    let updated = markdown;
    for (const session of sessions) {
      const actual = run(session.args);
      const shown = `$ ${prefix} ${session.args.join(' ')}\n`;
      const start = updated.indexOf(shown);
      if (start < 0) continue;
      const from = start + shown.length;
      updated = session.output
        ? updated.slice(0, from) + updated.slice(from).replace(session.output, actual.output)
        : `${updated.slice(0, from)}${actual.output}\n${updated.slice(from)}`;
    }
    writeFileSync(path, updated);
  }
  it('README shows at least one command with its output', () => {
    expect(sessions.length).toBeGreaterThan(0);
  });
  for (const session of sessions) {
    it(`README: ${prefix} ${session.args.join(' ')}`, () => {
      const actual = run(session.args);
      expect(actual.output).toBe(session.output);
      expect(actual.exitCode).toBe(session.exitCode);
    });
  }
}
