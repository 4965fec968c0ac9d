'use strict';
// An echo client for the provoke scenarios in headless Chromium (the browser's own
// WebSocket, driven through ../chromium_driver.js): connects to the URL given, sends every
// message back, and prints the close event's code when the connection closes.
// Usage: node chromium_echo_client.js URL
const { runInPage } = require('../chromium_driver.js');

const url = process.argv[2];
const page = `(() => new Promise((resolve) => {
    const ws = new WebSocket(${JSON.stringify(url)});
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => ws.send(e.data);
    ws.onerror = () => {};
    ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, clean: e.wasClean });
}))()`;
runInPage(page, { timeoutMs: 60000 })
    .then((r) => { console.log(`closed: ${JSON.stringify(r)}`); process.exit(0); })
    .catch((e) => { console.log(`error: ${e.message}`); process.exit(1); });
