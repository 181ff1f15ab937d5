// Types for readme.js.
/** Pairs of (code, expected output) found in a README: a ```js block followed by a ```text block. */
export declare function readmeExamples(markdown: string): { code: string; output: string }[];
/** Declares one vitest test per README example, run with Node in the README's directory. */
export declare function testReadmeExamples(readmeUrl: URL): void;
