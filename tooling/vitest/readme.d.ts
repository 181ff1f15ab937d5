// Types for readme.js.
/** Pairs of (code, expected output) found in a README: a ```js block followed by a ```text block. */
export declare function readmeExamples(markdown: string): { code: string; output: string }[];
/** Declares one vitest test per README example, run with Node in the README's directory. */
export declare function testReadmeExamples(readmeUrl: URL): void;
/** Commands shown in a README's ```console blocks with their output and exit code. */
export declare function consoleSessions(markdown: string, prefix: string): { args: string[]; output: string; exitCode: number }[];
/** Declares one test per README console command: same output and exit code when run as `argv0 …args`. */
export declare function testReadmeConsole(readmeUrl: URL, prefix: string, argv0: string[]): void;
