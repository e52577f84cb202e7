import { Global, Module } from '@nestjs/common';
import { SessionsResolver } from './sessions.resolver';
import { SessionsService } from './sessions.service';

/** Global: trackEvent (ingest) advances the state and recommendations blend it in. */
@Global()
@Module({ providers: [SessionsService, SessionsResolver], exports: [SessionsService] })
export class SessionsModule {}
