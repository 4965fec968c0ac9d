// Node `ws` echo peer (Debian's node-ws).
// Usage: node ws_echo.js <port> [--deflate] [--tls CERT.pem KEY.pem]
// --deflate enables perMessageDeflate with threshold 0, so every message is compressed like
// Framescope compresses it (ws's default threshold of 1024 B would leave 32 B echoes plain).
// --tls serves wss:// from an https.Server with that certificate and key.
'use strict';
const fs = require('fs');
const https = require('https');
const WebSocket = require('/usr/share/nodejs/ws');

const port = parseInt(process.argv[2] || '0', 10);
const deflate = process.argv.includes('--deflate');
const tlsAt = process.argv.indexOf('--tls');
const options = {
    perMessageDeflate: deflate ? { threshold: 0 } : false,
    maxPayload: 64 * 1024 * 1024,
};
let server = null;
if (tlsAt > 0) {
    server = https.createServer({
        cert: fs.readFileSync(process.argv[tlsAt + 1]),
        key: fs.readFileSync(process.argv[tlsAt + 2]),
    });
    options.server = server;
} else {
    options.host = '127.0.0.1';
    options.port = port;
}
const wss = new WebSocket.WebSocketServer(options);
if (server) {
    server.on('error', (err) => {
        console.error('ws_echo:', err.message);
        process.exit(1);
    });
    server.listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${server.address().port}`));
}
wss.on('error', (err) => {
    console.error('ws_echo:', err.message);
    process.exit(1);
});
wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on('listening', () => {
    if (!server) console.log(`listening on 127.0.0.1:${wss.address().port}`);
});
