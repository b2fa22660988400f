import type { PrismaService } from '../prisma.service';

export type ApiTokenScope = 'read' | 'write';

export interface ApiTokenRecord {
  id: string;
  name: string;
  scope: ApiTokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface CreateApiTokenInput {
  name: string;
  scope: ApiTokenScope;
  /** sha256 hex of the token; the token itself is never stored. */
  tokenHash: string;
}

const SELECT = { id: true, name: true, scope: true, createdAt: true, lastUsedAt: true } as const;

export class ApiTokenRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: CreateApiTokenInput): Promise<ApiTokenRecord> {
    return this.prisma.client.apiToken.create({ data: input, select: SELECT });
  }

  async findByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    return this.prisma.client.apiToken.findUnique({ where: { tokenHash }, select: SELECT });
  }

  /** Records that the token was used. */
  async touch(id: string, at: Date = new Date()): Promise<void> {
    await this.prisma.client.apiToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
