# One image for the three deployables; the command picks which one runs.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
USER node
CMD ["npx", "tsx", "api/server.ts"]
