'use strict';
// Start and stop the server under test for the Node interop scripts (see serverproc.py for
// the contract). The server runs in its own process group (detached) so stopping it kills
// everything it started; its output is kept for failure reports.

const { spawn } = require('child_process');

const LISTEN_RE = /listening on (?:wss?:\/\/)?127\.0\.0\.1:(\d+)/; // the app: "… on wss://…"
const liveGroups = new Set(); // pids of started servers (process group leaders) not yet stopped

// The servers run detached (own process group), so a test runner that kills this script
// would not reach them: on exit, and on the signals `timeout`, CTest or a terminal send,
// kill what is still running (process.kill is synchronous, usable in 'exit').
process.on('exit', () => {
    for (const pid of liveGroups) {
        try { process.kill(-pid, 'SIGKILL'); } catch (e) { /* gone */ }
    }
});
const exitOnSignal = Symbol.for('framescope.interop.exitOnSignal');
if (!process[exitOnSignal]) {
    process[exitOnSignal] = true;
    for (const [sig, num] of [['SIGTERM', 15], ['SIGINT', 2], ['SIGHUP', 1]])
        process.on(sig, () => { console.log(`interrupted by ${sig}`); process.exit(128 + num); });
}

class Server {
    constructor(exe, args = ['0']) {
        this.exe = exe;
        this.args = args;
        this.proc = null;
        this.port = null;
        this.output = [];
        this.exitCode = undefined; // number, or 'SIGxxx' when killed by a signal
    }

    _keep(line) {
        this.output.push(line);
        if (this.output.length > 300) this.output.shift();
    }

    start(timeoutMs = 15000) {
        return new Promise((resolve, reject) => {
            const proc = spawn(this.exe, this.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
            this.proc = proc;
            liveGroups.add(proc.pid);
            let done = false;
            const finish = (err) => {
                if (done) return;
                done = true;
                clearTimeout(timer);
                if (err) reject(err); else resolve(this.port);
            };
            const timer = setTimeout(() => {
                this.stop().finally(() => finish(new Error(
                    `server did not print 'listening on 127.0.0.1:<port>' within ${timeoutMs} ms\n${this.tail()}`)));
            }, timeoutMs);
            const reader = (isStdout) => {
                let rest = '';
                return (chunk) => {
                    rest += chunk.toString('utf8');
                    const lines = rest.split('\n');
                    rest = lines.pop();
                    for (const line of lines) {
                        this._keep(line);
                        const m = isStdout && this.port === null && LISTEN_RE.exec(line);
                        if (m) {
                            this.port = Number(m[1]);
                            finish(null);
                        }
                    }
                };
            };
            proc.stdout.on('data', reader(true));
            proc.stderr.on('data', reader(false));
            proc.on('error', (e) => finish(new Error(`cannot start ${this.exe}: ${e.message}`)));
            proc.on('exit', (code, signal) => {
                this.exitCode = code !== null ? code : signal;
                finish(new Error(`server exited (${this.exitCode}) before listening\n${this.tail()}`));
            });
        });
    }

    // Process groups to kill synchronously when a script must bail out (global timeout).
    static liveGroups() {
        return [...liveGroups];
    }

    alive() {
        return this.proc !== null && this.exitCode === undefined;
    }

    // SIGTERM to the group, SIGKILL after timeoutMs. Resolves to the exit code.
    stop(timeoutMs = 10000) {
        if (!this.proc) return Promise.resolve(undefined);
        const pid = this.proc.pid;
        const killGroup = (sig) => { try { process.kill(-pid, sig); } catch (e) { /* gone */ } };
        if (this.exitCode !== undefined) {
            killGroup('SIGKILL');
            liveGroups.delete(pid);
            return Promise.resolve(this.exitCode);
        }
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this._keep(`[interop] server ignored SIGTERM for ${timeoutMs} ms: SIGKILL`);
                killGroup('SIGKILL');
            }, timeoutMs);
            this.proc.once('exit', () => {
                clearTimeout(timer);
                killGroup('SIGKILL'); // leftovers of the group, if any
                liveGroups.delete(pid);
                resolve(this.exitCode);
            });
            killGroup('SIGTERM');
        });
    }

    tail(n = 60) {
        const lines = this.output.slice(-n);
        return lines.length ? `server output (last ${lines.length} lines):\n  ` + lines.join('\n  ')
                            : '(server printed nothing)';
    }
}

// Per-case PASS/FAIL lines, as in serverproc.py.
class Report {
    constructor(title) {
        this.title = title;
        this.passed = 0;
        this.failed = [];
    }
    ok(name, detail = '') {
        this.passed++;
        console.log(`PASS  ${name}${detail ? '  (' + detail + ')' : ''}`);
    }
    fail(name, why) {
        this.failed.push(name);
        console.log(`FAIL  ${name}: ${why}`);
    }
    finish(server) {
        console.log(`${this.title}: ${this.passed}/${this.passed + this.failed.length} cases passed`);
        if (this.failed.length) {
            console.log('failed cases: ' + this.failed.join(', '));
            if (server) console.log(server.tail());
            return 1;
        }
        return 0;
    }
}

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise,
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
    ]).finally(() => clearTimeout(timer));
}

// Runs `cases` ([name, async fn(port)]) against a fresh server from `exe`, reporting each.
async function runAgainst(report, exe, cases, caseTimeoutMs = 45000) {
    const server = new Server(exe);
    try {
        await server.start();
    } catch (e) {
        report.fail('server', e.message);
        return server;
    }
    for (const [name, fn] of cases) {
        if (!server.alive()) {
            report.fail(name, `server is not running (exit ${server.exitCode})`);
            continue;
        }
        try {
            await withTimeout(fn(server.port), caseTimeoutMs, name);
            report.ok(name);
        } catch (e) {
            report.fail(name, e && e.message ? e.message : String(e));
        }
    }
    const rc = await server.stop();
    if (rc !== 0) report.fail('server_exit', `server exited with ${rc} on SIGTERM (expected 0)`);
    return server;
}

module.exports = { Server, Report, withTimeout, runAgainst };
