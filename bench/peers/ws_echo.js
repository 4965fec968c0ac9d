// Node `ws` echo peer (Debian's node-ws). Usage: node ws_echo.js <port> [--deflate]
// --deflate enables perMessageDeflate with threshold 0, so every message is compressed like
// Framescope compresses it (ws's default threshold of 1024 B would leave 32 B echoes plain).
'use strict';
const WebSocket = require('/usr/share/nodejs/ws');

const port = parseInt(process.argv[2] || '0', 10);
const deflate = process.argv.includes('--deflate');
const wss = new WebSocket.WebSocketServer({
    host: '127.0.0.1',
    port,
    perMessageDeflate: deflate ? { threshold: 0 } : false,
    maxPayload: 64 * 1024 * 1024,
});
wss.on('error', (err) => {
    console.error('ws_echo:', err.message);
    process.exit(1);
});
wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on('listening', () => {
    console.log(`listening on 127.0.0.1:${wss.address().port}`);
});
