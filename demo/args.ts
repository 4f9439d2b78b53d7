/**
 * The demo's command line: `npm start -- [--keep] [--out <dir>] [--json <file>]`.
 */

/** Parsed arguments. */
export interface Args {
  /** Keep the services up after the first trace and print each new one. */
  readonly keep: boolean;
  /** Where the HTML waterfall is written. Default: demo/out. */
  readonly outDir: string | undefined;
  /** Also write the trace, its spans and the child pids as JSON here (for tests). */
  readonly json: string | undefined;
}

/** The usage line, for `--help` and mistakes. */
export const USAGE = "usage: npm start -- [--keep] [--out <dir>] [--json <file>]";

/**
 * @param argv - the arguments after the script name.
 * @returns the parsed arguments.
 * @throws Error with {@link USAGE} for an unknown argument or a missing value.
 */
export function parseArgs(argv: readonly string[]): Args {
  let keep = false;
  let outDir: string | undefined;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--"))
        throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--keep") keep = true;
    else if (arg === "--out") outDir = value();
    else if (arg === "--json") json = value();
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return { keep, outDir, json };
}
