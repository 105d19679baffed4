# One image for every Fixflow process; docker-compose.yml picks the command (api, worker, setup).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY designer-ui/package.json designer-ui/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:ui && npx tsc -p tsconfig.json

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["npm", "run", "api"]
