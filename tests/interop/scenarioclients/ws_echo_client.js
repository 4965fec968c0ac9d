'use strict';
// An echo client for the provoke scenarios on Node ws (/usr/share/nodejs/ws): connects to
// the URL given, sends every message back, exits when the connection closes (printing how).
// Usage: node ws_echo_client.js URL [--no-deflate]
const WebSocket = require('/usr/share/nodejs/ws');

const url = process.argv[2];
const ws = new WebSocket(url, { perMessageDeflate: !process.argv.includes('--no-deflate'),
                                maxPayload: 64 * 1024 * 1024 });
ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
ws.on('error', (error) => console.log(`error: ${error.message}`));
ws.on('close', (code, reason) => {
    console.log(`closed: ${code} ${reason}`);
    process.exit(0);
});
