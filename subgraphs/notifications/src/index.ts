import { fileURLToPath } from 'node:url';

/** The notifications service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const NOTIFICATIONS_SCHEMA = 'notifications';
export const notificationsMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
