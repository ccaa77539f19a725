/**
 * The one switch of the test hooks: the environment variable NEST_AUTH_TEST_HOOKS. Unset or off,
 * the module adds nothing to the app (its routes answer 404). On, it refuses to run where
 * NODE_ENV is production.
 */
export const TEST_HOOKS_VARIABLE = 'NEST_AUTH_TEST_HOOKS';

const ON = ['on', 'true', '1', 'yes'];
const OFF = ['off', 'false', '0', 'no', ''];

type Environment = Record<string, string | undefined>;

/**
 * Whether the hooks are switched on. A value that is neither on nor off is an error rather than
 * a guess, so that a typo does not silently decide either way.
 */
export function testHooksSwitchedOn(env: Environment = process.env): boolean {
  const raw = (env[TEST_HOOKS_VARIABLE] ?? '').trim().toLowerCase();
  if (ON.includes(raw)) return true;
  if (OFF.includes(raw)) return false;
  throw new Error(
    `${TEST_HOOKS_VARIABLE}=${env[TEST_HOOKS_VARIABLE]} is neither on nor off: ` +
      `set ${TEST_HOOKS_VARIABLE}=on to add the Nest Auth test hooks, or leave it unset`,
  );
}

/** Throws when the hooks are on and NODE_ENV says production. */
export function refuseProduction(env: Environment = process.env): void {
  if ((env.NODE_ENV ?? '').trim().toLowerCase() === 'production') {
    throw new Error(
      `Refusing to start: ${TEST_HOOKS_VARIABLE}=on while NODE_ENV=production. The Nest Auth test hooks ` +
        'create users, read one-time codes and issue tokens for anyone who can reach them; they belong ' +
        `in a test or staging deployment only. Unset ${TEST_HOOKS_VARIABLE} (or set it to off) in production.`,
    );
  }
}
