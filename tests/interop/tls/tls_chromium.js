'use strict';
// wss:// from headless Chromium (issue 16): the app runs with --tls-self-signed and prints
// the SPKI hash; Chromium started with --ignore-certificate-errors-spki-list=<that hash>
// opens wss:// (permessage-deflate on), echoes, and the server's open line shows Chromium's
// TLS details. The same page in a Chromium without the flag must fail: the certificate is
// not trusted otherwise, so the pass is the flag's doing.
// Usage: node tls_chromium.js --app path/to/framescope

const path = require('path');
const { Server, Report, withTimeout } = require(path.join(__dirname, '..', 'serverproc.js'));
const { Chromium } = require(path.join(__dirname, '..', 'chromium_driver.js'));

function pageScript(port) {
    return `(async () => {
    const ws = new WebSocket('wss://127.0.0.1:${port}/');
    const result = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ error: 'timeout' }), 15000);
        ws.onopen = () => ws.send('hello from chromium over wss');
        ws.onmessage = (e) => { clearTimeout(timer); resolve({ echo: e.data, extensions: ws.extensions }); };
        ws.onerror = () => {};
        ws.onclose = (e) => { clearTimeout(timer); resolve({ error: 'closed ' + e.code }); };
    });
    try { ws.close(1000); } catch (e) {}
    return result;
})()`;
}

async function main() {
    const app = process.argv[process.argv.indexOf('--app') + 1];
    const report = new Report('tls headless Chromium');
    const server = new Server(app, ['--no-gui', '--port', '0', '--tls-self-signed',
        '--websocket-compression']);
    await server.start();
    const hashLine = server.output.join('\n').match(/--ignore-certificate-errors-spki-list=(\S+)/);
    if (!hashLine) {
        report.fail('spki_hash_printed', 'no --ignore-certificate-errors-spki-list line');
    } else {
        report.ok('spki_hash_printed', hashLine[1]);
        const cases = [
            ['chromium_trusts_by_spki_hash', [`--ignore-certificate-errors-spki-list=${hashLine[1]}`], (r) => {
                if (r.echo !== 'hello from chromium over wss') throw new Error(JSON.stringify(r));
                if (!/permessage-deflate/.test(r.extensions)) throw new Error(`extensions "${r.extensions}"`);
                return r.extensions;
            }],
            ['chromium_without_hash_refuses', [], (r) => {
                if (!r.error) throw new Error(`connected without the hash: ${JSON.stringify(r)}`);
                return r.error;
            }],
        ];
        for (const [name, extraArgs, check] of cases) {
            let browser = null;
            try {
                browser = await Chromium.launch({ extraArgs });
                const r = await withTimeout(browser.evaluate(pageScript(server.port)), 40000, name);
                report.ok(name, check(r));
            } catch (e) {
                report.fail(name, e && e.message ? e.message : String(e));
            } finally {
                if (browser) await browser.close();
            }
        }
        const deadline = Date.now() + 5000;
        let openLine = null;
        while (!openLine && Date.now() < deadline) {
            openLine = server.output.find((l) => /handshake success with fd\d+ .*TLSv1\.3 .*ALPN http\/1\.1/.test(l));
            if (!openLine) await new Promise((r) => setTimeout(r, 50));
        }
        if (openLine) report.ok('open_line_shows_chromium_tls', openLine.replace(/^.*handshake success/, ''));
        else report.fail('open_line_shows_chromium_tls', 'no open line with TLSv1.3 and ALPN http/1.1');
    }
    const rc = await server.stop();
    if (rc !== 0) report.fail('server_exit', `exit ${rc}`);
    process.exitCode = report.finish(server);
}

main().catch((e) => { console.log(`FAIL  runner: ${e.stack || e}`); process.exitCode = 1; });
