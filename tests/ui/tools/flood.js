// Flood client for the GUI latency measurement: CONNECTIONS sockets each sending small text
// frames as fast as the socket drains (bounded by bufferedAmount), printing the rate.
//   node flood.js PORT [CONNECTIONS] [PAYLOAD_BYTES]
const WebSocket = require('/usr/share/nodejs/ws');
const port = process.argv[2];
const connections = parseInt(process.argv[3] || '4', 10);
const payload = 'x'.repeat(parseInt(process.argv[4] || '32', 10));
let sent = 0;
let received = 0;

for (let i = 0; i < connections; i++) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/flood`, { perMessageDeflate: false });
  ws.on('error', (e) => console.error('flood socket error:', e.message));
  ws.on('message', () => { received++; });
  ws.on('open', () => {
    const pump = () => {
      if (ws.readyState !== WebSocket.OPEN) return;
      // Keep the kernel busy without buffering without bound in node, and in bursts: a
      // socket that writes at once never raises bufferedAmount, and an unbounded loop on the
      // first one starved the others.
      for (let n = 0; n < 512 && ws.bufferedAmount < 256 * 1024; n++) {
        ws.send(payload);
        sent++;
      }
      setImmediate(pump);
    };
    pump();
  });
}

let last = Date.now();
setInterval(() => {
  const now = Date.now();
  console.error(`flood: ${Math.round(sent * 1000 / (now - last))} frames/s sent, ` +
                `${Math.round(received * 1000 / (now - last))} echoes/s received`);
  sent = 0;
  received = 0;
  last = now;
}, 2000);
