import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Post, Query } from '@nestjs/common';
import { CodeCaptureService, parsePurpose } from './code-capture.service';
import { ProviderStatesService } from './provider-states';

/**
 * The routes of NestAuthTestHooksModule: Pact provider states and the captured one-time codes.
 * Bodies are plain JSON (no DTO classes), so a global ValidationPipe leaves them alone.
 */
@Controller('__test')
export class TestHooksController {
  constructor(
    private readonly codes: CodeCaptureService,
    private readonly states: ProviderStatesService,
  ) {}

  @Post('provider-state')
  @HttpCode(200)
  providerState(@Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.states.handle(body, query);
  }

  @Get('provider-states')
  knownProviderStates() {
    return { states: this.states.knownStates() };
  }

  @Get('otp')
  latestCode(@Query('identifier') identifier?: string, @Query('purpose') purpose?: string, @Query('kind') kind?: string) {
    if (!identifier) throw new BadRequestException('identifier (email or phone) is required');
    const wanted = parsePurpose(purpose ?? kind);
    const found = this.codes.latest(identifier, wanted);
    if (!found) {
      throw new NotFoundException(`No ${wanted ? wanted + ' ' : ''}code captured for ${identifier}`);
    }
    return found;
  }
}
