'use strict';
// Interop: headless Chromium's WebSocket (driven over DevTools) against the server under test.
// usage: node chromium_test.js --server EXE [--close-server EXE]
// The page script echoes text and binary (incl. a 1 MiB ArrayBuffer), closes with 4001 'bye'
// and reports the close event; the Node side asserts every step. With the close server it
// also checks a server-initiated close ("__close__ <code> <reason>").

const path = require('path');
const { Server, Report } = require(path.join(__dirname, 'serverproc.js'));
const { Chromium } = require(path.join(__dirname, 'chromium_driver.js'));

// Runs in the page. Returns {steps: [{name, ok, detail}], close: {code, reason, wasClean}}.
function pageScript(port, mode) {
    return `(async () => {
    const port = ${port}, mode = ${JSON.stringify(mode)};
    const steps = [];
    const ws = new WebSocket('ws://127.0.0.1:' + port + '/');
    ws.binaryType = 'arraybuffer';
    const queue = [];
    let wake = null, closeEvent = null, errorSeen = false;
    const notify = () => { if (wake) { const w = wake; wake = null; w(); } };
    ws.onopen = notify;
    ws.onmessage = (e) => { queue.push(e.data); notify(); };
    ws.onerror = () => { errorSeen = true; notify(); };
    ws.onclose = (e) => { closeEvent = { code: e.code, reason: e.reason, wasClean: e.wasClean }; notify(); };
    const until = (cond, what, ms = 20000) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), ms);
        const check = () => {
            const v = cond();
            if (v !== undefined) { clearTimeout(timer); resolve(v); } else { wake = check; }
        };
        check();
    });
    const describe = (v) => typeof v === 'string'
        ? (v.length > 60 ? 'text of ' + v.length + ' chars' : JSON.stringify(v))
        : 'binary of ' + v.byteLength + ' bytes';
    const equalBytes = (a, b) => {
        if (a.byteLength !== b.byteLength) return false;
        const x = new Uint8Array(a), y = new Uint8Array(b);
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
        return true;
    };
    const step = async (name, fn) => {
        try { steps.push({ name, ok: true, detail: (await fn()) || '' }); }
        catch (e) { steps.push({ name, ok: false, detail: String(e && e.message || e) }); }
    };
    const next = () => until(() => queue.length ? queue.shift()
        : (closeEvent ? (() => { throw new Error('closed ' + closeEvent.code + ' while waiting for a message'); })() : undefined), 'a message');
    const echo = async (msg) => {
        ws.send(msg);
        const got = await next();
        if (typeof msg === 'string') {
            if (typeof got !== 'string') throw new Error('sent text, got ' + describe(got));
            if (got !== msg) throw new Error('text differs: got ' + describe(got) + ', sent ' + describe(msg));
        } else {
            if (!(got instanceof ArrayBuffer)) throw new Error('sent binary, got ' + describe(got));
            if (!equalBytes(got, msg)) throw new Error('binary differs: got ' + describe(got) + ', sent ' + describe(msg));
        }
        return describe(msg);
    };
    const randomBuffer = (n) => {
        const b = new Uint8Array(n);
        for (let i = 0; i < n; i += 65536) crypto.getRandomValues(b.subarray(i, Math.min(n, i + 65536)));
        return b.buffer;
    };

    await step('open', async () => {
        await until(() => ws.readyState === WebSocket.OPEN ? true : (closeEvent || errorSeen ? false : undefined), 'open');
        if (ws.readyState !== WebSocket.OPEN) throw new Error('did not open (close ' + JSON.stringify(closeEvent) + ')');
        return 'extensions=' + JSON.stringify(ws.extensions) + ' protocol=' + JSON.stringify(ws.protocol);
    });
    if (ws.readyState !== WebSocket.OPEN) return { steps, close: closeEvent };

    if (mode === 'echo') {
        await step('text_echo', () => echo('hello framescope'));
        await step('empty_text_echo', () => echo(''));
        await step('utf8_multibyte_echo', () => echo('Grüße, Καλημέρα, こんにちは, 你好 — 🎉🚀 𝄞'));
        await step('binary_echo', () => echo(new Uint8Array([...Array(256).keys()]).buffer));
        await step('binary_1MiB_echo', () => echo(randomBuffer(1024 * 1024)));
        await step('text_1MiB_echo', () => echo('äb€🎉'.repeat(Math.ceil(1024 * 1024 / 10))));
        await step('client_close_4001_bye_completes', async () => {
            ws.close(4001, 'bye');
            await until(() => closeEvent ? true : undefined, 'the close event');
            return JSON.stringify(closeEvent);
        });
    } else {
        await step('server_close_4002_completes', async () => {
            await echo('before server close');
            ws.send('__close__ 4002 server says bye');
            await until(() => closeEvent ? true : undefined, 'the close event');
            if (queue.length) throw new Error('unexpected message before the close: ' + describe(queue[0]));
            return JSON.stringify(closeEvent);
        });
    }
    return { steps, close: closeEvent };
})()`;
}

function checkClose(report, name, close, code, reason) {
    if (!close) return report.fail(`${name}_event`, 'no close event');
    const problems = [];
    if (close.code !== code) problems.push(`code ${close.code}, expected ${code}`);
    if (close.reason !== reason) problems.push(`reason ${JSON.stringify(close.reason)}, expected ${JSON.stringify(reason)}`);
    if (close.wasClean !== true) problems.push('wasClean false (no clean closing handshake)');
    if (problems.length) report.fail(`${name}_event`, problems.join('; '));
    else report.ok(`${name}_event`, `code ${close.code} reason ${JSON.stringify(close.reason)} clean`);
}

async function runMode(report, browser, exe, mode) {
    const server = new Server(exe);
    try {
        await server.start();
    } catch (e) {
        report.fail(`${mode}_server`, e.message);
        return server;
    }
    try {
        const result = await browser.evaluate(pageScript(server.port, mode), { timeoutMs: 50000 });
        for (const s of result.steps) {
            if (s.ok) report.ok(s.name, s.detail); else report.fail(s.name, s.detail);
        }
        if (mode === 'echo') checkClose(report, 'client_close_4001_bye', result.close, 4001, 'bye');
        else checkClose(report, 'server_close_4002', result.close, 4002, 'server says bye');
    } catch (e) {
        report.fail(`${mode}_page`, e.message);
    } finally {
        const rc = await server.stop();
        if (rc !== 0) report.fail(`${mode}_server_exit`, `server exited with ${rc} on SIGTERM (expected 0)`);
    }
    return server;
}

async function main() {
    const argv = process.argv.slice(2);
    const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
    const exe = arg('--server');
    if (!exe) {
        console.error('usage: chromium_test.js --server EXE [--close-server EXE]');
        return 2;
    }
    const report = new Report('chromium');
    let browser = null;
    let last = null;
    try {
        browser = await Chromium.launch();
        const version = await browser.evaluate('navigator.userAgent');
        console.log(`${version} against ${exe}`);
        last = await runMode(report, browser, exe, 'echo');
        last = await runMode(report, browser, arg('--close-server') || exe, 'server-close');
    } catch (e) {
        report.fail('chromium', `${e.message}${browser ? '\n' + browser.stderrTail() : ''}`);
    } finally {
        if (browser) await browser.close();
    }
    return report.finish(last);
}

// A hard stop in case anything above hangs; the 'exit' handlers of serverproc.js and
// chromium_driver.js kill the server and the browser.
const guard = setTimeout(() => {
    console.log('FAIL  chromium_test: global timeout');
    process.exit(1);
}, 55000);
guard.unref();
main().then((rc) => process.exit(rc), (e) => { console.error(e); process.exit(1); });
