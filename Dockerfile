# The Change Ledger apps. One image; the command picks the app (today: the API).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The dashboard page's bundle, built while the files are still root's (npm start would try as node).
RUN npm run build:ui
USER node
ENV PORT=3000
EXPOSE 3000
CMD ["npm", "start"]
