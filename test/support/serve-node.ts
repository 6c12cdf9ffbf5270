// Serves a Tahaluf node configured from the environment (as `tahaluf start` would, without the console)
// and prints its URL on stdout once it listens. Tests run it as a separate process.
import { loadConfig } from '../../src/core/config.js';
import { startServer } from '../../src/api/server.js';

const server = await startServer(loadConfig(), { seedModules: 'if-new' }, { webDir: null });
process.stdout.write(`${server.url.replace(/\/$/, '')}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
