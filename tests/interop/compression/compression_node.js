'use strict';
// Interop with permessage-deflate (RFC 7692): Node ws 8 (Debian's) against the compression
// echo server (framescope_compression_echo).
// usage: node compression_node.js --server EXE
// Each case starts its own server, negotiates with the given ws perMessageDeflate options,
// echoes text and binary (incl. 1 MiB and 100 small messages, fragmented sends) and checks
// the negotiated response and the server's RSV1 counters (its OPEN/CLOSED lines).

const crypto = require('crypto');
const path = require('path');
const WebSocket = require('/usr/share/nodejs/ws');
const { Server, Report, withTimeout } = require(path.join(__dirname, '..', 'serverproc.js'));

const MiB = 1024 * 1024;
const CASE_TIMEOUT_MS = 40000;

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitLine(server, regex, after = 0, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const lines = server.output.slice(after);
        for (const line of lines) {
            const m = regex.exec(line);
            if (m) return m;
        }
        if (Date.now() > deadline) throw new Error(`no server line matching ${regex} within ${timeoutMs} ms`);
        await sleep(20);
    }
}

async function counters(server, fd) {
    const m = await waitLine(server, new RegExp(`^CLOSED fd=${fd} (.*)$`));
    const c = {};
    for (const kv of m[1].split(' ')) {
        const [k, v] = kv.split('=');
        c[k] = Number(v);
    }
    return c;
}

function check(what, got, want) {
    const a = JSON.stringify(got), b = JSON.stringify(want);
    if (a !== b) throw new Error(`${what}: got ${a.slice(0, 200)}, expected ${b.slice(0, 200)}`);
}

function compressibleText(size) {
    const words = ['frame', 'deflate', 'window', 'Grüße', '日本', '🎉', 'sliding', 'RSV1', 'echo'];
    const parts = [];
    let bytes = 0;
    for (let i = 0; bytes < size; i++) {
        const w = words[(i * 7) % words.length] + ' ' + (i % 97) + ' ';
        parts.push(w);
        bytes += Buffer.byteLength(w);
    }
    return parts.join('');
}

// One ws connection with a message queue.
class Session {
    constructor(ws, response, fd) {
        this.ws = ws;
        this.response = response; // negotiated Sec-WebSocket-Extensions (from the 101)
        this.fd = fd;
        this.queue = [];
        this.waiter = null;
        this.closed = null;
        this.echoes = 0;
        ws.on('message', (data, isBinary) => {
            this.queue.push({ data, isBinary });
            if (this.waiter) this.waiter();
        });
        ws.on('close', (code, reason) => {
            this.closed = { code, reason: reason.toString() };
            if (this.waiter) this.waiter();
        });
    }

    static async open(server, perMessageDeflate) {
        const before = server.output.length;
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`, { perMessageDeflate, maxPayload: 64 * MiB });
        let response = '';
        ws.on('upgrade', (res) => { response = res.headers['sec-websocket-extensions'] || ''; });
        await new Promise((resolve, reject) => {
            ws.once('open', resolve);
            ws.once('error', reject);
        });
        ws.on('error', () => { /* reported through close */ });
        const m = await waitLine(server, /^OPEN fd=(\d+) compression=(\d) extensions=(.*)$/, before);
        return new Session(ws, response, m[1]);
    }

    next() {
        return new Promise((resolve, reject) => {
            const check = () => {
                if (this.queue.length) { this.waiter = null; resolve(this.queue.shift()); }
                else if (this.closed) { this.waiter = null; reject(new Error(`closed ${this.closed.code} while waiting`)); }
                else this.waiter = check;
            };
            check();
        });
    }

    async echo(message, sendOptions = {}) {
        this.ws.send(message, sendOptions);
        const got = await this.next();
        const isBinary = typeof message !== 'string';
        check('binary flag', got.isBinary, isBinary);
        const want = isBinary ? Buffer.from(message) : Buffer.from(message, 'utf8');
        if (!got.data.equals(want)) throw new Error(`echo differs for a message of ${want.length} bytes`);
        this.echoes++;
    }

    async standardSet() {
        await this.echo('Hello');
        await this.echo('Hello');
        await this.echo('');
        await this.echo(Buffer.alloc(0));
        await this.echo(Buffer.from([...Array(256).keys()]));
        await this.echo(compressibleText(MiB));
        await this.echo(crypto.randomBytes(MiB));
        for (let i = 0; i < 100; i++) await this.echo(`small ${i} ` + 'y'.repeat(i * 3));
        for (let i = 0; i < 20; i++) await this.echo(crypto.randomBytes(i * 10));
    }

    close() {
        return new Promise((resolve) => {
            if (this.closed) return resolve();
            this.ws.once('close', () => resolve());
            this.ws.close(1000);
        });
    }
}

async function standardCase(server, options, wantResponse) {
    const s = await Session.open(server, options);
    check('negotiated (client)', s.response, wantResponse);
    check('ws.extensions', s.ws.extensions, 'permessage-deflate');
    await s.standardSet();
    await s.close();
    const c = await counters(server, s.fd);
    check('messages in', c.messages_in, s.echoes);
    check('RSV1 frames in', c.rsv1_in, s.echoes); // threshold 0: ws compresses every message
    check('RSV1 frames out', c.rsv1_out, s.echoes);
    check('close code', c.code, 1000);
}

const CASES = [
    ['per_message_deflate_true', [], (server) => standardCase(server, { threshold: 0 }, 'permessage-deflate')],
    ['all_options', [], (server) => standardCase(server, {
        serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10,
        clientMaxWindowBits: 10, threshold: 0,
    }, 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; '
        + 'server_max_window_bits=10; client_max_window_bits=10')],
    ['client_max_window_bits_10', [], (server) => standardCase(server, { clientMaxWindowBits: 10, threshold: 0 },
        'permessage-deflate; client_max_window_bits=10')],
    ['no_context_takeover', [], (server) => standardCase(server, {
        serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: 0,
    }, 'permessage-deflate; server_no_context_takeover; client_no_context_takeover')],
    ['server_max_window_bits_9', [], (server) => standardCase(server, { serverMaxWindowBits: 9, threshold: 0 },
        'permessage-deflate; server_max_window_bits=9')],
    ['compress_all', ['--compress-all'], (server) => standardCase(server, { threshold: 0 }, 'permessage-deflate')],
    ['fragmented_in', [], async (server) => {
        const s = await Session.open(server, { threshold: 0 });
        const parts = ['one '.repeat(300), 'two '.repeat(10), 'three'];
        s.ws.send(parts[0], { fin: false });
        s.ws.send(parts[1], { fin: false });
        s.ws.send(parts[2], { fin: true });
        const got = await s.next();
        check('fragmented echo', got.data.toString('utf8'), parts.join(''));
        await s.echo('after');
        await s.close();
        const c = await counters(server, s.fd);
        check('frames/RSV1/messages in', [c.data_frames_in, c.rsv1_in, c.messages_in], [4, 2, 2]);
    }],
    ['threshold_default', [], async (server) => {
        // ws applies its default threshold (1024) only with no_context_takeover on its side:
        // small messages then go uncompressed in a compressed session.
        const s = await Session.open(server, { clientNoContextTakeover: true });
        check('negotiated', s.response, 'permessage-deflate; client_no_context_takeover');
        await s.echo('short');
        await s.echo('long '.repeat(1000));
        await s.close();
        const c = await counters(server, s.fd);
        check('RSV1 in', c.rsv1_in, 1);
        check('RSV1 out', c.rsv1_out, 2);
    }],
];

async function main() {
    const args = process.argv.slice(2);
    const exe = args[args.indexOf('--server') + 1];
    if (args.indexOf('--server') < 0 || !exe) {
        console.error('usage: node compression_node.js --server EXE');
        process.exit(2);
    }
    const report = new Report('compression/node-ws');
    let failedServer = null;
    for (const [name, serverArgs, fn] of CASES) {
        const server = new Server(exe, ['0', ...serverArgs]);
        try {
            await server.start();
            await withTimeout(fn(server), CASE_TIMEOUT_MS, name);
            const rc = await server.stop();
            if (rc !== 0) throw new Error(`server exited with ${rc} on SIGTERM`);
            report.ok(name);
        } catch (e) {
            await server.stop();
            report.fail(name, `${e && e.message ? e.message : e}\n${server.tail(15)}`);
            failedServer = server;
        }
    }
    process.exitCode = report.finish(failedServer);
    setTimeout(() => process.exit(process.exitCode), 200).unref();
}

process.on('SIGTERM', () => {
    for (const pid of Server.liveGroups()) { try { process.kill(-pid, 'SIGKILL'); } catch (e) { /* gone */ } }
    process.exit(1);
});

main().catch((e) => {
    console.error(e);
    for (const pid of Server.liveGroups()) { try { process.kill(-pid, 'SIGKILL'); } catch (err) { /* gone */ } }
    process.exit(1);
});
