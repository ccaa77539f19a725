import { DynamicModule, Module } from '@nestjs/common';
import { ReferenceTestRoutesController } from './reference-test-routes.controller';
import { SessionEventsService } from './session-events.service';
import { WipeService } from './wipe.service';

/**
 * The reference backend's own test routes for the SDK's tests (data set-up by name, wipe, tokens
 * and codes computed with the app's secrets, session events, ID tokens of test-oidc). They build on
 * the services of the drop-in NestAuthTestHooksModule, which must be on too.
 */
@Module({})
export class ReferenceTestRoutesModule {
  static register(testHooks: DynamicModule): DynamicModule {
    if (!testHooks.controllers?.length) {
      throw new Error('REFERENCE_TEST_ROUTES=on needs NEST_AUTH_TEST_HOOKS=on: the routes use its services');
    }
    return {
      module: ReferenceTestRoutesModule,
      imports: [testHooks],
      controllers: [ReferenceTestRoutesController],
      providers: [SessionEventsService, WipeService],
    };
  }
}
