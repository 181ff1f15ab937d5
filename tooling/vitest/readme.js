// Runs the examples of a package README: every ```js block followed by a ```text block is
// executed with Node inside the package directory (so that the package's own name and its
// dependencies resolve as a user's would, through `exports`), and its output must equal the block.
import { execFileSync } from 'node:child_process';
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
 * Declares one vitest test per README example; fails if the README has none.
 * @param {URL} readmeUrl location of README.md
 */
export function testReadmeExamples(readmeUrl) {
  const path = fileURLToPath(readmeUrl);
  const examples = readmeExamples(readFileSync(path, 'utf8'));
  it('README has at least one runnable example with its output', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  examples.forEach(({ code, output }, index) => {
    it(`README example ${index + 1} prints what the README shows`, () => {
      const file = join(dirname(path), `.readme-example-${index + 1}.mjs`);
      writeFileSync(file, code);
      try {
        const stdout = execFileSync(process.execPath, [file], { cwd: dirname(path), encoding: 'utf8' });
        expect(stdout.trim()).toBe(output);
      } finally {
        rmSync(file, { force: true });
      }
    });
  });
}
