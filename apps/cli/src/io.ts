/** Where `dam` writes: tests pass their own to capture the output without spawning a process. */
export interface CliIo {
  /** Writes results and help (text already ends in a newline). */
  readonly stdout: (text: string) => void;
  /** Writes error messages (one line each, ending in a newline). */
  readonly stderr: (text: string) => void;
}

/** The real standard output and error of this process. */
export const processIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
};

/** An in-memory {@link CliIo} plus what was written to each stream so far. */
export interface BufferedIo {
  /** Pass this to `main`. */
  readonly io: CliIo;
  /** Everything written to stdout. */
  stdout(): string;
  /** Everything written to stderr. */
  stderr(): string;
}

/** Creates a {@link BufferedIo}, e.g. to run `main` in a test and read its output. */
export function bufferedIo(): BufferedIo {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        err += text;
      },
    },
    stdout: () => out,
    stderr: () => err,
  };
}
