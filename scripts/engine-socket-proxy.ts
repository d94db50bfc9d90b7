// A stand-in for the Docker engine's socket that can be killed: it forwards every connection on
// LISTEN to the real engine's socket, so killing this process is, to langbench, the engine dying
// mid-run (its socket refusing connections, its open calls cut) while the engine itself, shared
// with whatever else runs on the machine, goes on. Used by scripts/engine-fault-check.sh.
import net from 'node:net';
import { rmSync } from 'node:fs';

const [listen, engine = '/var/run/docker.sock'] = process.argv.slice(2);
if (!listen) {
  process.stderr.write('usage: engine-socket-proxy LISTEN_SOCKET [ENGINE_SOCKET]\n');
  process.exit(2);
}
rmSync(listen, { force: true });
const server = net.createServer((client) => {
  const upstream = net.connect(engine);
  client.pipe(upstream).pipe(client);
  const close = () => (client.destroy(), upstream.destroy());
  client.on('error', close);
  upstream.on('error', close);
});
server.listen(listen, () => process.stdout.write(`forwarding ${listen} to ${engine}\n`));
// a killed engine leaves its socket file refusing connections (ECONNREFUSED), as dockerd's does
process.on('SIGTERM', () => process.exit(0));
