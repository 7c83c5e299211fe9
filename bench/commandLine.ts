/** One option of a bench command: its name (without --), what it takes, and what it means. */
export type BenchOption = [name: string, value: string, meaning: string];

export interface BenchCommandLine {
  usage: string;
  /** The value after --name, or undefined when it is not given; stops the command when the value is missing. */
  flag(name: string): string | undefined;
  /** A number at least `min`, or the command stops before it measures, naming the flag and what it was given. */
  numberFlag(name: string, fallback: number, min?: number): number;
  /** Stops the command with exit 2: the message, then the usage when `withUsage`. */
  stop(message: string, withUsage?: boolean): never;
}

/**
 * The bench commands' shared reading of their arguments: --help prints the usage and exits 0; an option
 * the command does not have, or one without its value, stops it with exit 2 before it measures anything.
 * `positional` says whether one bare word (npm run bench's bench name) is allowed.
 */
export function readCommandLine(args: string[], command: { name: string; about: string[]; options: BenchOption[]; positional: boolean; footer?: string[] }): BenchCommandLine {
  const usage = [
    ...command.about,
    '',
    'Options:',
    ...command.options.map(([name, value, meaning]) => `  ${`--${name} ${value}`.padEnd(21)}${meaning}`),
    `  ${'--help'.padEnd(21)}this text`,
    ...(command.footer ?? []),
  ].join('\n');
  const stop = (message: string, withUsage = true): never => {
    console.error(withUsage ? `${message}\n\n${usage}` : message);
    process.exit(2);
  };
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  const known = (a: string) => command.options.some(([name]) => a === `--${name}`);
  const unknown = args.find((a, i) => (a.startsWith('-') ? !known(a) : !command.positional && !args[i - 1]?.startsWith('--')));
  if (unknown) stop(`${unknown} is not an option of ${command.name}.`);
  const flag = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const given = args[at + 1];
    if (given === undefined || given.startsWith('--')) stop(`--${name} needs a value after it.`);
    return given;
  };
  const numberFlag = (name: string, fallback: number, min = 0): number => {
    const given = flag(name);
    if (given === undefined) return fallback;
    const value = Number(given);
    if (given.trim() === '' || !Number.isFinite(value) || value < min) stop(`--${name} must be a number, ${min} or more (given: "${given}")`, false);
    return value;
  };
  return { usage, flag, numberFlag, stop };
}
