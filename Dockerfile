# Vigil's container image: the image `vigil deploy manifests` refers to (image.repository:tag,
# default vigil:0.1.0). CI does not build it (no registry here); build and push it yourself:
#   docker build -t REGISTRY/vigil:0.1.0 . && docker push REGISTRY/vigil:0.1.0
# and set image.repository in the values file.

# Build: compile TypeScript and the console with the dev dependencies.
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json eslint.config.mjs ./
COPY src ./src
COPY console ./console
RUN npm run build

# Runtime: production dependencies only (better-sqlite3 is compiled here), non-root.
FROM node:20-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY rules ./rules
COPY intel ./intel
# UID 10001 matches the manifests' runAsUser; the data folder is a volume owned via fsGroup.
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /var/lib/vigil vigil \
  && mkdir -p /var/lib/vigil && chown 10001:10001 /var/lib/vigil
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "/app/bin/vigil"]
CMD ["serve", "--data", "/var/lib/vigil", "--host", "0.0.0.0"]
