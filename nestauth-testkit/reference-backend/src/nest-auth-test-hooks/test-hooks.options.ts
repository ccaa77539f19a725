/** Options of NestAuthTestHooksModule.register(); every one may be left out. */
export interface NestAuthTestHooksOptions {
  /**
   * Where the app's own API is reachable from inside the app, with its global prefix, e.g.
   * `http://127.0.0.1:3000/api`. The provider states sign users up and in through the real routes
   * (POST <routePrefix>/signup, /login, ...). Default: http on the address and port the app
   * listens on (127.0.0.1 when it listens on every interface) plus the app's global prefix. Set it
   * when the app serves https itself or cannot reach its own port.
   */
  apiBaseUrl?: string;
  /**
   * Whose one-time codes are kept for GET /__test/otp: `created-users` (the default) keeps only
   * those of users the provider states created, so the codes of everyone else on a shared
   * deployment stay out of reach; `all-users` keeps every code the app sends.
   */
  captureCodes?: 'created-users' | 'all-users';
}

export const NEST_AUTH_TEST_HOOKS_OPTIONS = 'NEST_AUTH_TEST_HOOKS_OPTIONS';

/**
 * Written into the `metadata` of every user and tenant the provider states create. A state acts
 * only on users that carry it, so a verification never changes data it did not make; it also
 * lets a team find (and delete) what verifications left behind.
 */
export const CREATED_BY_TEST_HOOKS = 'createdByNestAuthTestHooks';
