import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { LogLevel, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthExceptionFilter } from '@ackplus/nest-auth';
import { AppModule } from './app.module';
import { settings } from './settings';

/** The one line the Java launcher waits for; nothing else is printed to stdout unless LOG=1. */
const LISTENING_MARKER = 'NESTAUTH_REFERENCE_BACKEND_LISTENING';

async function bootstrap(): Promise<void> {
  const logLevels: LogLevel[] = settings.log
    ? ['log', 'error', 'warn', 'debug', 'verbose']
    : ['error'];
  const app = await NestFactory.create(AppModule, { logger: logLevels });

  if (settings.apiPrefix) {
    // The test hooks stay at /__test/... whatever the prefix, so tests find them in one place.
    app.setGlobalPrefix(settings.apiPrefix, {
      exclude: [{ path: '__test/{*rest}', method: RequestMethod.ALL }],
    });
  }
  // The global setup of spec/SERVER-BEHAVIOUR.md §1 (and of the upstream setup checklist).
  app.useGlobalPipes(new ValidationPipe({ transform: true, forbidNonWhitelisted: true }));
  if (settings.globalAuthFilter) {
    app.useGlobalFilters(new AuthExceptionFilter());
  }
  app.enableShutdownHooks();

  await app.listen(settings.port, settings.host);
  const port = (app.getHttpServer().address() as AddressInfo).port;

  if (settings.exitOnStdinClose) {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
  }
  process.stdout.write(`${LISTENING_MARKER} port=${port}\n`);
}

bootstrap().catch((error) => {
  console.error('reference backend failed to start:', error);
  process.exit(1);
});
