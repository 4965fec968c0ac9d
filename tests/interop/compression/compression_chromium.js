'use strict';
// Interop with permessage-deflate (RFC 7692): headless Chromium's WebSocket (it offers
// "permessage-deflate; client_max_window_bits" by default) against the compression echo
// server, driven over DevTools with the shared driver in tests/interop.
// usage: node compression_chromium.js --server EXE
// The page echoes text and binary (incl. 1 MiB each and 100 small messages) and reports
// ws.extensions; the server's CLOSED line must show RSV1 on every message in both directions.

const path = require('path');
const { Server, Report, withTimeout } = require(path.join(__dirname, '..', 'serverproc.js'));
const { Chromium } = require(path.join(__dirname, '..', 'chromium_driver.js'));

const CASE_TIMEOUT_MS = 50000;

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitLine(server, regex, after = 0, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        for (const line of server.output.slice(after)) {
            const m = regex.exec(line);
            if (m) return m;
        }
        if (Date.now() > deadline) throw new Error(`no server line matching ${regex} within ${timeoutMs} ms`);
        await sleep(20);
    }
}

function check(what, got, want) {
    const a = JSON.stringify(got), b = JSON.stringify(want);
    if (a !== b) throw new Error(`${what}: got ${a.slice(0, 300)}, expected ${b.slice(0, 300)}`);
}

// Runs in the page. Returns {extensions, echoes, failures: [..], close}.
function pageScript(port) {
    return `(async () => {
    const ws = new WebSocket('ws://127.0.0.1:${port}/');
    ws.binaryType = 'arraybuffer';
    const queue = [];
    let wake = null, closeEvent = null;
    const notify = () => { if (wake) { const w = wake; wake = null; w(); } };
    ws.onopen = notify;
    ws.onmessage = (e) => { queue.push(e.data); notify(); };
    ws.onerror = notify;
    ws.onclose = (e) => { closeEvent = { code: e.code, reason: e.reason, wasClean: e.wasClean }; notify(); };
    const until = (cond, what, ms = 20000) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), ms);
        const check = () => {
            let v;
            try { v = cond(); } catch (e) { clearTimeout(timer); reject(e); return; }
            if (v !== undefined) { clearTimeout(timer); resolve(v); } else { wake = check; }
        };
        check();
    });
    await until(() => ws.readyState === 1 ? true : (closeEvent ? (() => { throw new Error('closed before open'); })() : undefined), 'open');
    const failures = [];
    let echoes = 0;
    const same = (a, b) => {
        if (typeof a === 'string' || typeof b === 'string') return a === b;
        if (a.byteLength !== b.byteLength) return false;
        const x = new Uint8Array(a), y = new Uint8Array(b);
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
        return true;
    };
    const echo = async (msg, label) => {
        ws.send(msg);
        const got = await until(() => queue.length ? queue.shift()
            : (closeEvent ? (() => { throw new Error('closed ' + closeEvent.code); })() : undefined), label);
        if (!same(got, msg)) failures.push(label + ' differs');
        echoes++;
    };
    const random = (n, seed) => {
        const b = new Uint8Array(n);
        let s = seed >>> 0;
        for (let i = 0; i < n; i++) { s = (s * 1664525 + 1013904223) >>> 0; b[i] = s >>> 24; }
        return b.buffer;
    };
    const words = ['frame', 'deflate', 'window', 'Grüße', '日本', '🎉', 'sliding', 'RSV1'];
    let text = '';
    for (let i = 0; text.length < (1 << 20); i++) text += words[(i * 7) % words.length] + ' ' + (i % 97) + ' ';
    await echo('Hello', 'hello');
    await echo('Hello', 'hello again');
    await echo('', 'empty text');
    await echo(new ArrayBuffer(0), 'empty binary');
    await echo(text, '1 MiB text');
    await echo(random(1 << 20, 1), '1 MiB random binary');
    await echo(new Uint8Array(1 << 20).fill(7).buffer, '1 MiB repeated binary');
    for (let i = 0; i < 100; i++) await echo('small ' + i + ' ' + 'z'.repeat(i), 'small ' + i);
    for (let i = 0; i < 20; i++) await echo(random(i * 13, i), 'small binary ' + i);
    const extensions = ws.extensions;
    ws.close(1000, 'done');
    await until(() => closeEvent || undefined, 'close');
    return { extensions, echoes, failures, close: closeEvent };
})()`;
}

async function runCase(browser, server) {
    const before = server.output.length;
    const r = await browser.evaluate(pageScript(server.port), { timeoutMs: CASE_TIMEOUT_MS - 5000 });
    const open = await waitLine(server, /^OPEN fd=(\d+) compression=(\d) extensions=(.*)$/, before);
    check('page failures', r.failures, []);
    check('ws.extensions', r.extensions, 'permessage-deflate');
    check('server negotiated', open[3], 'permessage-deflate');
    check('close', [r.close.code, r.close.wasClean], [1000, true]);
    const m = await waitLine(server, new RegExp(`^CLOSED fd=${open[1]} (.*)$`));
    const c = {};
    for (const kv of m[1].split(' ')) { const [k, v] = kv.split('='); c[k] = Number(v); }
    check('messages in', c.messages_in, r.echoes);
    // Chromium compresses every message; RSV1 only on a message's first frame.
    check('RSV1 in', c.rsv1_in, r.echoes);
    check('RSV1 out', c.rsv1_out, r.echoes);
    if (!(c.wire_in < c.inflated_in)) throw new Error(`no compression gain: ${m[1]}`);
    return `${r.echoes} echoes, ${c.wire_in} wire bytes in for ${c.inflated_in} inflated`;
}

async function main() {
    const args = process.argv.slice(2);
    const at = args.indexOf('--server');
    const exe = at >= 0 ? args[at + 1] : null;
    if (!exe) {
        console.error('usage: node compression_chromium.js --server EXE');
        process.exit(2);
    }
    const report = new Report('compression/chromium');
    let browser = null;
    let failedServer = null;
    try {
        browser = await Chromium.launch();
        for (const [name, serverArgs] of [['flag_compress', []], ['compress_all', ['--compress-all']]]) {
            const server = new Server(exe, ['0', ...serverArgs]);
            try {
                await server.start();
                const detail = await withTimeout(runCase(browser, server), CASE_TIMEOUT_MS, name);
                const rc = await server.stop();
                if (rc !== 0) throw new Error(`server exited with ${rc} on SIGTERM`);
                report.ok(name, detail);
            } catch (e) {
                await server.stop();
                report.fail(name, e && e.message ? e.message : String(e));
                failedServer = server;
            }
        }
    } catch (e) {
        report.fail('chromium', e && e.message ? e.message : String(e));
    } finally {
        if (browser) await browser.close();
    }
    process.exitCode = report.finish(failedServer);
    setTimeout(() => process.exit(process.exitCode), 200).unref();
}

const bail = () => {
    for (const pid of [...Server.liveGroups(), ...Chromium.liveGroups()]) {
        try { process.kill(-pid, 'SIGKILL'); } catch (e) { /* gone */ }
    }
    process.exit(1);
};
process.on('SIGTERM', bail);
main().catch((e) => { console.error(e); bail(); });
