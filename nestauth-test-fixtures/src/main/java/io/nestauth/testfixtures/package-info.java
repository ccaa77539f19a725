/**
 * What the tests and benchmarks pretend the Nest Auth server says, defined once: the test user
 * ({@link io.nestauth.testfixtures.TestUser}), JWTs with the server's claims signed HS256 with a
 * test key ({@link io.nestauth.testfixtures.TestJwts}, {@link io.nestauth.testfixtures.FixedJwts}),
 * the server's answer bodies ({@link io.nestauth.testfixtures.ServerAnswers}) and the same answers
 * as MockWebServer responses ({@link io.nestauth.testfixtures.MockResponses}). The facts come from
 * spec/SERVER-BEHAVIOUR.md and spec/nest-auth.openapi.yaml.
 *
 * <p>Test code only: the module is not published and must never depend on nestauth-client, whose
 * own tests use it.
 */
package io.nestauth.testfixtures;
