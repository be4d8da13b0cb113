// Reference OCPP 1.6J central system for tools/bench/ocpp-load: the npm ocpp-rpc RPCServer with
// strictMode: true (it validates every message against the OCPP 1.6 JSON schemas, like ours).
// Usage: node server.js [port]   (prints "listening <port>" when ready)
'use strict';
const { RPCServer } = require('ocpp-rpc');

const port = Number(process.argv[2] || 9100);
const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });

server.auth((accept) => accept());
server.on('client', (client) => {
  client.handle('BootNotification', () => ({ status: 'Accepted', interval: 300, currentTime: new Date().toISOString() }));
  client.handle('Heartbeat', () => ({ currentTime: new Date().toISOString() }));
  client.handle('MeterValues', () => ({}));
});

server.listen(port, '127.0.0.1').then(() => console.log(`listening ${port}`));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
