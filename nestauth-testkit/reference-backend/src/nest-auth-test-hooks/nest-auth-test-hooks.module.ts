import { DynamicModule, Module } from '@nestjs/common';
import { CodeCaptureService } from './code-capture.service';
import { ProviderStatesService } from './provider-states';
import { TestDataService } from './test-data.service';
import { TestHooksController } from './test-hooks.controller';
import { NEST_AUTH_TEST_HOOKS_OPTIONS, NestAuthTestHooksOptions } from './test-hooks.options';
import { refuseProduction, testHooksSwitchedOn } from './test-hooks-switch';

/**
 * The Nest Auth test hooks for contract verification: Pact provider states and the one-time codes
 * the app sends, under /__test (below the app's global prefix unless the app excludes it).
 *
 *   imports: [NestAuthModule.forRoot(...), NestAuthTestHooksModule.register()]
 *
 * Switched on only by the environment: NEST_AUTH_TEST_HOOKS=on. Otherwise register() gives an
 * empty module and the routes do not exist (404). With NEST_AUTH_TEST_HOOKS=on and
 * NODE_ENV=production register() throws, so the app does not start. Both variables are read when
 * register() runs, i.e. when the app module is loaded: load .env files before that. Needs the library's NestAuthModule (global), the
 * app's TypeORM DataSource and EventEmitterModule.forRoot(), which a Nest Auth app has anyway.
 */
@Module({})
export class NestAuthTestHooksModule {
  static register(options: NestAuthTestHooksOptions = {}): DynamicModule {
    if (!testHooksSwitchedOn()) {
      return { module: NestAuthTestHooksModule };
    }
    refuseProduction();
    return {
      module: NestAuthTestHooksModule,
      controllers: [TestHooksController],
      providers: [
        { provide: NEST_AUTH_TEST_HOOKS_OPTIONS, useValue: { ...options } },
        CodeCaptureService,
        TestDataService,
        ProviderStatesService,
      ],
      exports: [CodeCaptureService, TestDataService, ProviderStatesService],
    };
  }
}
