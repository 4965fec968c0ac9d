'use strict';
// Drives headless Chromium over the DevTools protocol, for tests that need a real browser's
// WebSocket client (interop, permessage-deflate). Reusable:
//
//   const { runInPage, Chromium } = require('.../chromium_driver.js');
//   const value = await runInPage(`(async () => { ...; return {ok: true}; })()`);
//   // or, several evaluations in one browser:
//   const browser = await Chromium.launch();
//   try { await browser.evaluate(src1); await browser.evaluate(src2); } finally { await browser.close(); }
//
// jsSource is an expression evaluated in a blank page (a function is called with no
// arguments); a promise is awaited; the value comes back by value (JSON-able). A thrown
// exception or rejected promise rejects with the page's error text. Chromium runs in its own
// process group with a fresh profile; close() kills the whole group and removes the profile.

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const WebSocket = require('/usr/share/nodejs/ws');

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const liveGroups = new Set(); // pids of launched browsers (process group leaders) not yet closed
const liveProfiles = new Set(); // --user-data-dir directories not yet removed

// Chromium runs detached (own process group, it forks zygotes and renderers), so a runner
// that kills this script would not reach it: on exit, and on the usual termination signals,
// kill every browser still running (process.kill is synchronous, usable in 'exit').
process.on('exit', () => {
    for (const pid of liveGroups) {
        try { process.kill(-pid, 'SIGKILL'); } catch (e) { /* gone */ }
    }
    for (const dir of liveProfiles) {
        try { fs.rmSync(dir, { recursive: true, force: true }); } catch (e) { /* best effort */ }
    }
});
const exitOnSignal = Symbol.for('framescope.interop.exitOnSignal');
if (!process[exitOnSignal]) {
    process[exitOnSignal] = true;
    for (const [sig, num] of [['SIGTERM', 15], ['SIGINT', 2], ['SIGHUP', 1]])
        process.on(sig, () => { console.log(`interrupted by ${sig}`); process.exit(128 + num); });
}

function findChromium() {
    if (process.env.FRAMESCOPE_CHROMIUM) return process.env.FRAMESCOPE_CHROMIUM;
    const found = CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
    if (!found) throw new Error(`no Chromium found (tried ${CHROMIUM_CANDIDATES.join(', ')}; set FRAMESCOPE_CHROMIUM)`);
    return found;
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

function httpJson(port, pathname, method = 'GET', timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: pathname, method, timeout: timeoutMs }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d) => { body += d; });
            res.on('end', () => {
                if (res.statusCode !== 200) return reject(new Error(`${method} ${pathname}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
                try { resolve(JSON.parse(body)); } catch (e) { reject(new Error(`${method} ${pathname}: bad JSON: ${body.slice(0, 200)}`)); }
            });
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${pathname}: timed out`)));
        req.on('error', reject);
        req.end();
    });
}

class Chromium {
    constructor() {
        this.proc = null;
        this.exited = false;
        this.userDataDir = null;
        this.debugPort = null;
        this.page = null; // DevTools WebSocket to the page target
        this.nextId = 1;
        this.pending = new Map();
        this.stderr = [];
    }

    static async launch({ timeoutMs = 30000, extraArgs = [] } = {}) {
        const browser = new Chromium();
        try {
            await browser._start(timeoutMs, extraArgs);
        } catch (e) {
            await browser.close();
            throw e;
        }
        return browser;
    }

    async _start(timeoutMs, extraArgs) {
        const deadline = Date.now() + timeoutMs;
        this.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'framescope-chromium-'));
        liveProfiles.add(this.userDataDir);
        const args = [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
            '--disable-dev-shm-usage', '--remote-debugging-port=0', `--user-data-dir=${this.userDataDir}`,
            ...extraArgs, 'about:blank',
        ];
        this.proc = spawn(findChromium(), args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
        if (this.proc.pid) liveGroups.add(this.proc.pid);
        this.proc.stderr.on('data', (d) => {
            this.stderr.push(d.toString('utf8'));
            if (this.stderr.length > 200) this.stderr.shift();
        });
        let spawnError = null;
        this.proc.on('error', (e) => { spawnError = e; });
        this.proc.on('exit', () => { this.exited = true; });

        // Chromium writes the port it bound to (and the browser target path) here.
        const portFile = path.join(this.userDataDir, 'DevToolsActivePort');
        while (this.debugPort === null) {
            if (spawnError) throw new Error(`cannot start Chromium: ${spawnError.message}`);
            if (this.exited) throw new Error(`Chromium exited during start-up\n${this.stderrTail()}`);
            if (Date.now() > deadline) throw new Error(`Chromium did not write DevToolsActivePort within ${timeoutMs} ms\n${this.stderrTail()}`);
            try {
                const [portLine] = fs.readFileSync(portFile, 'utf8').split('\n');
                if (/^\d+$/.test(portLine.trim())) this.debugPort = Number(portLine.trim());
            } catch (e) { /* not written yet */ }
            if (this.debugPort === null) await sleep(50);
        }

        let wsUrl = null;
        while (!wsUrl) {
            if (Date.now() > deadline) throw new Error(`no page target within ${timeoutMs} ms`);
            const targets = await httpJson(this.debugPort, '/json/list').catch(() => []);
            const page = targets.find((t) => t.type === 'page' && t.webSocketDebuggerUrl);
            if (page) {
                wsUrl = page.webSocketDebuggerUrl;
            } else {
                const created = await httpJson(this.debugPort, '/json/new?about:blank', 'PUT').catch(() => null);
                if (created && created.webSocketDebuggerUrl) wsUrl = created.webSocketDebuggerUrl;
                else await sleep(100);
            }
        }

        this.page = new WebSocket(wsUrl, { maxPayload: 256 * 1024 * 1024 });
        this.page.on('message', (data) => {
            let msg;
            try { msg = JSON.parse(data.toString('utf8')); } catch (e) { return; }
            const p = msg.id !== undefined && this.pending.get(msg.id);
            if (p) {
                this.pending.delete(msg.id);
                if (msg.error) p.reject(new Error(`DevTools ${p.method}: ${msg.error.message}`));
                else p.resolve(msg.result);
            }
        });
        const failAll = (why) => {
            for (const p of this.pending.values()) p.reject(new Error(`DevTools connection ${why}`));
            this.pending.clear();
        };
        this.page.on('close', () => failAll('closed'));
        this.page.on('error', (e) => failAll(`error: ${e.message}`));
        await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('DevTools WebSocket did not open')), Math.max(1000, deadline - Date.now()));
            this.page.once('open', () => { clearTimeout(timer); resolve(); });
            this.page.once('error', (e) => { clearTimeout(timer); reject(e); });
        });
    }

    // Process groups to kill synchronously when a script must bail out (global timeout).
    static liveGroups() {
        return [...liveGroups];
    }

    send(method, params = {}, timeoutMs = 60000) {
        if (!this.page || this.page.readyState !== WebSocket.OPEN) return Promise.reject(new Error('DevTools connection is not open'));
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(new Error(`DevTools ${method} timed out after ${timeoutMs} ms`));
            }, timeoutMs);
            this.pending.set(id, {
                method,
                resolve: (v) => { clearTimeout(timer); resolve(v); },
                reject: (e) => { clearTimeout(timer); reject(e); },
            });
            this.page.send(JSON.stringify({ id, method, params }));
        });
    }

    // Evaluates jsSource in the page (see the header comment) and returns its value.
    async evaluate(jsSource, { timeoutMs = 45000 } = {}) {
        const expression = typeof jsSource === 'function' ? `(${jsSource.toString()})()` : String(jsSource);
        const r = await this.send('Runtime.evaluate', {
            expression, awaitPromise: true, returnByValue: true, userGesture: true,
        }, timeoutMs);
        if (r.exceptionDetails) {
            const d = r.exceptionDetails;
            const text = (d.exception && (d.exception.description || d.exception.value)) || d.text;
            throw new Error(`page script failed: ${text}`);
        }
        return r.result ? r.result.value : undefined;
    }

    stderrTail(n = 20) {
        const text = this.stderr.join('').split('\n').slice(-n).join('\n  ');
        return text ? `chromium stderr:\n  ${text}` : '(chromium printed nothing on stderr)';
    }

    // Kills the whole process group (Chromium forks zygote/renderer/utility processes) and
    // removes the profile. Safe to call more than once.
    async close() {
        if (this.page) {
            try { this.page.terminate(); } catch (e) { /* already gone */ }
            this.page = null;
        }
        if (this.proc) {
            const pid = this.proc.pid;
            const killGroup = (sig) => { try { process.kill(-pid, sig); return true; } catch (e) { return false; } };
            if (!this.exited) {
                const exited = new Promise((resolve) => this.proc.once('exit', resolve));
                killGroup('SIGTERM');
                const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
                await Promise.race([exited, sleep(10000)]);
                clearTimeout(timer);
            }
            // Children that outlived the browser process.
            killGroup('SIGKILL');
            liveGroups.delete(pid);
            this.proc = null;
        }
        if (this.userDataDir) {
            for (let i = 0; i < 5; i++) {
                try { fs.rmSync(this.userDataDir, { recursive: true, force: true }); break; } catch (e) { await sleep(100); }
            }
            liveProfiles.delete(this.userDataDir);
            this.userDataDir = null;
        }
    }
}

// One browser for one evaluation.
async function runInPage(jsSource, options = {}) {
    const browser = await Chromium.launch(options);
    try {
        return await browser.evaluate(jsSource, options);
    } finally {
        await browser.close();
    }
}

module.exports = { Chromium, runInPage };
