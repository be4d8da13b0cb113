// A recording OCPP 1.6J central system ("the CPO's backend") for the upstream-link tests: the independent npm
// ocpp-rpc RPCServer, in strict mode (every message checked against the OCPP 1.6 schemas both ways).
//
// Usage: node recording-backend.js --port N [--log FILE] [--first-tx N] [--keys FILE] [--mode MODE]
//   prints "listening <port>" when ready. Port 0 picks a free port.
//   --log FILE     every CALL received is appended as one JSON line {at, identity, action, params, reply}
//   --first-tx N   first transactionId handed out (default 100000), so a restarted backend can go on
//   --keys FILE    lines "chargePointId key": HTTP Basic (security profile 1/2) is then required and checked
//   --mode MODE    normal | callerror (every CALL gets a CALLERROR) | silent (no CALL is answered)
//                  | invalid (answers that break the schema; strict mode is then off, or ocpp-rpc would refuse them)
// Stdin, one JSON command per line; each answer is one stdout line starting with "reply ":
//   {"id":1,"call":"CP-1","action":"RemoteStartTransaction","params":{...}}  → reply {"id":1,"result":{...}} or {"id":1,"error":"..."}
//   {"id":2,"mode":"silent"}                                                 → reply {"id":2,"mode":"silent"}
//   {"id":3,"connected":true}                                                → reply {"id":3,"identities":[...]}
'use strict';
const fs = require('fs');
const readline = require('readline');
const { RPCServer, createRPCError } = require('ocpp-rpc');

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const port = Number(arg('port', '0'));
const logFile = arg('log', null);
let nextTx = Number(arg('first-tx', '100000'));
let mode = arg('mode', 'normal');
const keys = new Map();
if (arg('keys', null)) {
  for (const line of fs.readFileSync(arg('keys'), 'utf8').split('\n')) {
    const [id, key] = line.trim().split(/\s+/);
    if (id && key) keys.set(id, key);
  }
}

const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: mode !== 'invalid', respondWithDetailedErrors: true });
const clients = new Map();

server.auth((accept, reject, handshake) => {
  if (keys.size > 0) {
    const given = handshake.password ? handshake.password.toString('utf8') : null;
    if (!keys.has(handshake.identity) || keys.get(handshake.identity) !== given) {
      reject(401);
      return;
    }
  }
  accept({ identity: handshake.identity });
});

function record(entry) {
  if (logFile) fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
}

function answer(method, params) {
  const now = new Date().toISOString();
  switch (method) {
    case 'BootNotification': return { status: 'Accepted', interval: 300, currentTime: now };
    case 'Heartbeat': return { currentTime: now };
    case 'Authorize': return { idTagInfo: { status: params.idTag.startsWith('BLOCKED') ? 'Blocked' : 'Accepted' } };
    case 'StartTransaction': return { transactionId: nextTx++, idTagInfo: { status: 'Accepted' } };
    case 'StopTransaction': return params.idTag ? { idTagInfo: { status: 'Accepted' } } : {};
    case 'DataTransfer': return { status: 'Accepted', data: 'backend' };
    default: return {};
  }
}

function invalidAnswer(method) {
  // Each breaks the OCPP 1.6 response schema of its action.
  switch (method) {
    case 'StartTransaction': return { transactionId: 'not-a-number' };
    case 'BootNotification': return { status: 'Maybe' };
    case 'Heartbeat': return { currentTime: 42 };
    default: return { unexpected: true, idTagInfo: { status: 'Sometimes' } };
  }
}

server.on('client', (client) => {
  clients.set(client.identity, client);
  client.on('close', () => { if (clients.get(client.identity) === client) clients.delete(client.identity); });
  client.handle(({ method, params }) => {
    const entry = { at: new Date().toISOString(), identity: client.identity, action: method, params };
    if (mode === 'silent') {
      record({ ...entry, reply: 'silent' });
      return new Promise(() => {});
    }
    if (mode === 'callerror') {
      record({ ...entry, reply: 'callerror' });
      throw createRPCError('InternalError', 'the recording backend is told to fail');
    }
    const reply = mode === 'invalid' ? invalidAnswer(method) : answer(method, params);
    record({ ...entry, reply });
    return reply;
  });
});

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (!line.trim()) return;
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    console.log('reply ' + JSON.stringify({ error: 'not JSON: ' + e.message }));
    return;
  }
  const id = command.id;
  if (command.mode) {
    mode = command.mode;
    console.log('reply ' + JSON.stringify({ id, mode }));
  } else if (command.connected) {
    console.log('reply ' + JSON.stringify({ id, identities: [...clients.keys()] }));
  } else if (command.call) {
    const client = clients.get(command.call);
    if (!client) {
      console.log('reply ' + JSON.stringify({ id, error: 'not connected: ' + command.call }));
      return;
    }
    try {
      const result = await client.call(command.action, command.params || {}, { callTimeoutMs: 10000 });
      console.log('reply ' + JSON.stringify({ id, result }));
    } catch (e) {
      console.log('reply ' + JSON.stringify({ id, error: (e.rpcErrorCode || e.name) + ': ' + e.message }));
    }
  }
});

server.listen(port, '127.0.0.1').then((http) => console.log(`listening ${http.address().port}`));
process.on('SIGTERM', () => server.close({ force: true }).then(() => process.exit(0)));
