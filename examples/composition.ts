/**
 * The demo's composition root: registers every provider and the configuration, and starts nothing.
 * main.ts imports it before bootstrapping; THREAD and PROCESS workers can import it too
 * (`bootstrap({ workers: { entry } })`) to rebuild services with the same providers.
 */
import 'reflect-metadata';
import { container } from 'tsyringe';

import { registerConfig } from './config.js';
// Importing the services defines their classes: @singleton() registers them, @Scheduled records tasks.
import './services/cache-warmer.js';
import './services/database.js';
import './services/heavy-work.js';
import './services/maintenance.js';
import './services/order-feed.js';
import './services/partner-sync.js';
import './services/report-service.js';

registerConfig(container);

export { container };
