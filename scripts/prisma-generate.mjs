// `npm run db:generate`: the Prisma client from prisma/schema.prisma, offline (see scripts/lib.mjs).
import { generatePrismaClient } from './lib.mjs';

generatePrismaClient();
