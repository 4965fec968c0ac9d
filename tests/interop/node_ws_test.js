'use strict';
// Interop: Node `ws` 8.11 (Debian's node-ws) against the server under test.
// usage: node node_ws_test.js --server EXE [--close-server EXE]
// --close-server (default: the same) must also understand "__close__ <code> <reason>".

const path = require('path');
const crypto = require('crypto');
const WebSocket = require('/usr/share/nodejs/ws');
const { Report, withTimeout, runAgainst } = require(path.join(__dirname, 'serverproc.js'));

const STEP_MS = 20000;
const MiB = 1024 * 1024;

// A ws client with a message queue, so a test can await "the next message" or "the close".
class Client {
    constructor(port) {
        this.ws = new WebSocket(`ws://127.0.0.1:${port}/`, { maxPayload: 4 * MiB, handshakeTimeout: 10000 });
        this.queue = [];
        this.waiters = [];
        this.errors = [];
        this.closed = new Promise((resolve) => {
            this.ws.on('close', (code, reason) => {
                resolve({ code, reason: reason.toString('utf8') });
                this._wake();
            });
        });
        this.closeInfo = null;
        this.closed.then((c) => { this.closeInfo = c; });
        this.ws.on('error', (e) => { this.errors.push(e); this._wake(); });
        this.ws.on('message', (data, isBinary) => {
            this.queue.push({ data: Buffer.from(data), isBinary });
            this._wake();
        });
    }
    _wake() {
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
    }
    open() {
        return withTimeout(new Promise((resolve, reject) => {
            if (this.ws.readyState === WebSocket.OPEN) return resolve();
            this.ws.once('open', resolve);
            this.ws.once('error', reject);
            this.ws.once('close', (code) => reject(new Error(`closed (${code}) before open`)));
        }), STEP_MS, 'open');
    }
    next() {
        return withTimeout(new Promise((resolve, reject) => {
            const check = () => {
                if (this.queue.length) return resolve(this.queue.shift());
                if (this.errors.length) return reject(this.errors[0]);
                if (this.closeInfo) return reject(new Error(`connection closed (${this.closeInfo.code} '${this.closeInfo.reason}') while waiting for a message`));
                this.waiters.push(check);
            };
            check();
        }), STEP_MS, 'message');
    }
    send(data, options = {}) {
        return new Promise((resolve, reject) => this.ws.send(data, options, (e) => (e ? reject(e) : resolve())));
    }
    async echo(data) {
        await this.send(data);
        const got = await this.next();
        expectMessage(got, data);
    }
    waitClosed() {
        return withTimeout(this.closed, STEP_MS, 'close event');
    }
}

function describe(buf) {
    return buf.length > 60 ? `${buf.length} bytes starting ${JSON.stringify(buf.subarray(0, 40).toString('latin1'))}`
                           : JSON.stringify(buf.toString('latin1'));
}

function expectMessage(got, sent) {
    const wantBinary = typeof sent !== 'string';
    const want = Buffer.isBuffer(sent) ? sent : Buffer.from(sent, 'utf8');
    if (got.isBinary !== wantBinary)
        throw new Error(`echo came back as ${got.isBinary ? 'binary' : 'text'}, sent ${wantBinary ? 'binary' : 'text'}`);
    if (!got.data.equals(want))
        throw new Error(`echo differs: got ${describe(got.data)}, expected ${describe(want)}`);
}

function expectEqual(what, got, want) {
    if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

async function connected(port) {
    const c = new Client(port);
    await c.open();
    return c;
}

async function closeQuietly(c) {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.close(1000);
    await c.waitClosed();
}

function randomUtf8(bytes, seed) {
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzäöüß€日本🎉'];
    let x = seed;
    const out = [];
    let size = 0;
    while (size < bytes) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        const ch = alphabet[x % alphabet.length];
        out.push(ch);
        size += Buffer.byteLength(ch);
    }
    return out.join('');
}

const echoCases = [
    ['text_echo', async (port) => {
        const c = await connected(port);
        await c.echo('hello framescope');
        await c.echo('');
        await closeQuietly(c);
    }],
    ['binary_echo', async (port) => {
        const c = await connected(port);
        await c.echo(Buffer.from([...Array(256).keys()]));
        await c.echo(Buffer.alloc(0));
        await closeQuietly(c);
    }],
    ['utf8_multibyte_echo', async (port) => {
        const c = await connected(port);
        await c.echo('Grüße, Καλημέρα, こんにちは, 你好 — 🎉🚀 𝄞');
        await closeQuietly(c);
    }],
    ['text_1MiB_echo', async (port) => {
        const c = await connected(port);
        await c.echo(randomUtf8(MiB, 7));
        await closeQuietly(c);
    }],
    ['binary_1MiB_echo', async (port) => {
        const c = await connected(port);
        await c.echo(crypto.randomBytes(MiB));
        await c.echo(crypto.randomBytes(MiB / 2 + 3));
        await closeQuietly(c);
    }],
    ['fragmented_text', async (port) => {
        const c = await connected(port);
        const parts = ['frag-one ', 'frag-two ', '', 'frag-three ü'];
        for (let i = 0; i < parts.length; i++) await c.send(parts[i], { fin: i === parts.length - 1 });
        expectMessage(await c.next(), parts.join(''));
        await c.echo('after fragments');
        await closeQuietly(c);
    }],
    ['fragmented_binary', async (port) => {
        const c = await connected(port);
        const chunks = [];
        for (let i = 0; i < 20; i++) chunks.push(Buffer.alloc(1000 + i * 97, i));
        for (let i = 0; i < chunks.length; i++) await c.send(chunks[i], { binary: true, fin: i === chunks.length - 1 });
        expectMessage(await c.next(), Buffer.concat(chunks));
        await closeQuietly(c);
    }],
    ['ping_pong', async (port) => {
        const c = await connected(port);
        for (const payload of [Buffer.alloc(0), Buffer.from('ping-payload'), Buffer.alloc(125, 0x5a)]) {
            const pong = withTimeout(new Promise((resolve) => c.ws.once('pong', resolve)), STEP_MS, 'pong');
            c.ws.ping(payload);
            const got = await pong;
            if (!Buffer.from(got).equals(payload)) throw new Error(`pong payload ${describe(Buffer.from(got))}, expected ${describe(payload)}`);
        }
        await c.echo('still alive after pings');
        await closeQuietly(c);
    }],
    ['client_close_4001_bye', async (port) => {
        const c = await connected(port);
        await c.echo('before close');
        c.ws.close(4001, 'bye');
        const info = await c.waitClosed();
        // ws reports the code and reason of the close frame the server sent back.
        expectEqual('close code echoed by the server', info.code, 4001);
        expectEqual('close reason echoed by the server', info.reason, 'bye');
    }],
    ['client_close_1000', async (port) => {
        const c = await connected(port);
        c.ws.close(1000);
        const info = await c.waitClosed();
        expectEqual('close code echoed by the server', info.code, 1000);
    }],
    ['concurrent_100_connections', async (port) => {
        const one = async (i) => {
            const c = await connected(port);
            for (let j = 0; j < 3; j++) await c.echo(`conn ${i} message ${j}`);
            await c.echo(Buffer.alloc(i + 1, i));
            await closeQuietly(c);
        };
        const results = await Promise.allSettled([...Array(100).keys()].map(one));
        const bad = results.map((r, i) => [i, r]).filter(([, r]) => r.status === 'rejected');
        if (bad.length) throw new Error(`${bad.length} of 100 connections failed; first: connection ${bad[0][0]}: ${bad[0][1].reason.message}`);
    }],
];

const closeCases = [
    ['server_close_4002', async (port) => {
        const c = await connected(port);
        await c.echo('before server close');
        await c.send('__close__ 4002 server says bye');
        const info = await c.waitClosed();
        expectEqual('server close code', info.code, 4002);
        expectEqual('server close reason', info.reason, 'server says bye');
        if (c.queue.length) throw new Error(`unexpected message before the close: ${describe(c.queue[0].data)}`);
    }],
];

async function main() {
    const argv = process.argv.slice(2);
    const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
    const server = arg('--server');
    if (!server) {
        console.error('usage: node_ws_test.js --server EXE [--close-server EXE]');
        return 2;
    }
    const wsVersion = require('/usr/share/nodejs/ws/package.json').version;
    console.log(`node ${process.version}, ws ${wsVersion} against ${server}`);
    const report = new Report('node-ws');
    let last = await runAgainst(report, server, echoCases);
    last = await runAgainst(report, arg('--close-server') || server, closeCases);
    return report.finish(last);
}

main().then((rc) => process.exit(rc), (e) => { console.error(e); process.exit(1); });
