'use strict';
// wss:// interop with Node ws (the `ca` option) against the framescope app (issue 16): echo
// with SNI, permessage-deflate over TLS, plain ws:// on the same port, a client without the
// CA refused, and --tls-mode only answering ws:// with 400.
// Usage: node tls_node.js --app path/to/framescope

const fs = require('fs');
const os = require('os');
const path = require('path');
const WebSocket = require('/usr/share/nodejs/ws');
const { Server, Report, withTimeout } = require(path.join(__dirname, '..', 'serverproc.js'));

function echo(url, message, options = {}) {
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(url, options);
        ws.on('error', reject);
        ws.on('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.on('open', () => ws.send(message));
        ws.on('message', (data) => {
            const result = { data: data.toString(), extensions: ws.extensions };
            ws.close(1000);
            ws.on('close', () => resolve(result));
        });
    });
}

async function runCases(report, server, cases) {
    for (const [name, fn] of cases) {
        try {
            const detail = await withTimeout(fn(server.port), 30000, name);
            report.ok(name, detail || '');
        } catch (e) {
            report.fail(name, e && e.message ? e.message : String(e));
        }
    }
}

async function main() {
    const app = process.argv[process.argv.indexOf('--app') + 1];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'framescope-tls-node-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const certFile = path.join(dir, 'cert.pem');
    const report = new Report('tls Node ws');

    const both = new Server(app, ['--no-gui', '--port', '0', '--tls-self-signed',
        '--tls-write-cert', certFile, '--websocket-compression']);
    await both.start();
    const ca = fs.readFileSync(certFile);
    await runCases(report, both, [
        ['wss_echo_with_ca', async (port) => {
            const big = 'n'.repeat(200000);
            const r = await echo(`wss://127.0.0.1:${port}/`, big,
                { ca, servername: 'localhost', perMessageDeflate: false });
            if (r.data !== big) throw new Error(`echo differs (${r.data.length} chars)`);
        }],
        ['wss_permessage_deflate', async (port) => {
            const text = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ i, s: 'framescope' })));
            const r = await echo(`wss://localhost:${port}/`, text,
                { ca, perMessageDeflate: true, lookup: (h, o, cb) => (o && o.all) ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4) });
            if (r.data !== text) throw new Error('echo differs');
            if (!/permessage-deflate/.test(r.extensions)) throw new Error(`extensions "${r.extensions}"`);
            return r.extensions;
        }],
        ['plain_ws_same_port', async (port) => {
            const r = await echo(`ws://127.0.0.1:${port}/`, 'plain');
            if (r.data !== 'plain') throw new Error(`got ${r.data}`);
        }],
        ['client_without_ca_refuses', async (port) => {
            try {
                await echo(`wss://127.0.0.1:${port}/`, 'x', { servername: 'localhost' });
            } catch (e) {
                if (/self[- ]signed|unable to verify|certificate/i.test(e.code + ' ' + e.message)) return e.code;
                throw e;
            }
            throw new Error('the handshake succeeded without the CA');
        }],
    ]);
    const rcBoth = await both.stop();
    if (rcBoth !== 0) report.fail('server_exit', `exit ${rcBoth}`);

    const only = new Server(app, ['--no-gui', '--port', '0', '--tls-self-signed',
        '--tls-write-cert', certFile, '--tls-mode', 'only']);
    await only.start();
    const caOnly = fs.readFileSync(certFile);
    await runCases(report, only, [
        ['only_mode_refuses_plain', async (port) => {
            try {
                await echo(`ws://127.0.0.1:${port}/`, 'plain');
            } catch (e) {
                if (/HTTP 400/.test(e.message)) return 'HTTP 400';
                throw e;
            }
            throw new Error('plain ws:// was accepted');
        }],
        ['only_mode_serves_wss', async (port) => {
            const r = await echo(`wss://127.0.0.1:${port}/`, 'tls', { ca: caOnly, servername: 'localhost' });
            if (r.data !== 'tls') throw new Error(`got ${r.data}`);
        }],
    ]);
    const rcOnly = await only.stop();
    if (rcOnly !== 0) report.fail('server_exit_only', `exit ${rcOnly}`);
    process.exitCode = report.finish(only);
}

main().catch((e) => { console.log(`FAIL  runner: ${e.stack || e}`); process.exitCode = 1; });
