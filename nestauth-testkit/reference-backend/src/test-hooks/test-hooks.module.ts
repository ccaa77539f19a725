import { Module } from '@nestjs/common';
import { CodeCaptureService } from './code-capture.service';
import { ProviderStatesService } from './provider-states';
import { SessionEventsService } from './session-events.service';
import { TestDataService } from './test-data.service';
import { TestHooksController } from './test-hooks.controller';

/** The /__test routes. The library's services come from NestAuthModule, which is global. */
@Module({
  controllers: [TestHooksController],
  providers: [CodeCaptureService, TestDataService, ProviderStatesService, SessionEventsService],
})
export class TestHooksModule {}
