/**
 * Nest Auth test hooks: Pact provider states and one-time-code capture for contract verification
 * of a NestJS app that runs @ackplus/nest-auth. Copy this directory into the app and import
 * NestAuthTestHooksModule.register() next to NestAuthModule; set NEST_AUTH_TEST_HOOKS=on in the
 * test or staging environment only. Steps: nestauth-testkit/reference-backend/README.md of
 * nestauth-java ("Contract tests against your own backend").
 */
export { NestAuthTestHooksModule } from './nest-auth-test-hooks.module';
export { CREATED_BY_TEST_HOOKS } from './test-hooks.options';
export type { NestAuthTestHooksOptions } from './test-hooks.options';
export { TEST_HOOKS_VARIABLE } from './test-hooks-switch';
export { CodeCaptureService } from './code-capture.service';
export type { CapturedCode, Purpose } from './code-capture.service';
export { ProviderStatesService, PROVIDER_STATES } from './provider-states';
export { TestDataService } from './test-data.service';
