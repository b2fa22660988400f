import { Injectable } from '@nestjs/common';
import type { HealthDependencyDto, HealthDto } from '@hookpath/contracts';
import { PrismaService } from '@hookpath/data-access';
import { RedisService } from '../infrastructure/redis.service';

/** Each dependency gets this long to answer; /health never waits longer. */
const CHECK_TIMEOUT_MS = 1_500;

async function check(probe: () => Promise<void>): Promise<HealthDependencyDto> {
  const started = performance.now();
  try {
    await probe();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  async check(): Promise<HealthDto> {
    const [postgres, redis] = await Promise.all([
      check(() => this.prisma.ping(CHECK_TIMEOUT_MS)),
      check(() => this.redis.ping(CHECK_TIMEOUT_MS)),
    ]);
    return { status: postgres.ok && redis.ok ? 'ok' : 'unavailable', postgres, redis };
  }
}
