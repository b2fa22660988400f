# hookpath API (and, from the same image, the worker and the CLI).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY libs ./libs
COPY apps ./apps
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.base.json tsconfig.json ./
COPY scripts ./scripts
COPY examples ./examples
COPY test ./test
RUN npm ci --no-audit --no-fund && node scripts/build.mjs
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
CMD ["sh", "-c", "node scripts/migrate.mjs && exec node apps/api/dist/main.js"]
