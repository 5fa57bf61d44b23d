# The Change Ledger apps. One image; the command picks the app (today: the API).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
USER node
ENV PORT=3000
EXPOSE 3000
CMD ["npm", "start"]
