'use strict';
// Compressed vs uncompressed echo through the compression echo server
// (tests/interop/compression), with Node ws as the load. The client is the slower side, so
// the number to compare is the server's CPU time per message (from /proc/<pid>/stat), plus
// bytes on the wire; messages/s is reported but is mostly the client's speed.
// usage: node deflate_echo.js --server EXE [--messages N] [--size BYTES] [--connections C]
//        [--window W]
// Run it on a release build; compare rows of one run only (steal varies, see PERF-NOTES).

const fs = require('fs');
const path = require('path');
const WebSocket = require('/usr/share/nodejs/ws');
const { Server } = require(path.join(__dirname, '..', '..', 'tests', 'interop', 'serverproc.js'));

function arg(name, fallback) {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
}

const exe = arg('--server');
const total = Number(arg('--messages', 40000));
const size = Number(arg('--size', 1024));
const connections = Number(arg('--connections', 4));
const windowSize = Number(arg('--window', 16));
const TICK = 100; // USER_HZ on Linux

function cpuTicks(pid) {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function steal() {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    return Number(cpu[8]);
}

function jsonPayload(bytes, seed) {
    let s = '';
    for (let i = 0; s.length < bytes; i++) {
        s += `{"id":${seed * 1000 + i},"user":"u${(i * 7919) % 1000}","price":${((i * 104729) % 100000) / 100},"side":"buy"},`;
    }
    return s.slice(0, bytes);
}

async function runClient(port, perMessageDeflate, count, seed) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate });
    ws.on('error', () => {});
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    // 1024 distinct payloads: a repeat is further back than the 32 KiB window.
    const payloads = Array.from({ length: 1024 }, (_, i) => jsonPayload(size, seed * 1024 + i));
    let sent = 0, received = 0;
    await new Promise((resolve, reject) => {
        ws.on('message', (data) => {
            if (data.length !== size) return reject(new Error(`echo of ${data.length} bytes, expected ${size}`));
            received++;
            if (received === count) return resolve();
            if (sent < count) ws.send(payloads[sent++ % payloads.length]);
        });
        ws.on('close', () => { if (received < count) reject(new Error('closed early')); });
        while (sent < Math.min(windowSize, count)) ws.send(payloads[sent++ % payloads.length]);
    });
    ws.close();
}

async function measure(name, serverArgs, perMessageDeflate) {
    const server = new Server(exe, ['0', ...serverArgs]);
    await server.start();
    try {
        const pid = server.proc.pid;
        const perClient = Math.ceil(total / connections);
        // Warm-up (connections, allocator), then the measured run.
        await Promise.all(Array.from({ length: connections }, (_, i) => runClient(server.port, perMessageDeflate, 200, i)));
        const cpu0 = cpuTicks(pid), steal0 = steal(), t0 = process.hrtime.bigint();
        await Promise.all(Array.from({ length: connections }, (_, i) => runClient(server.port, perMessageDeflate, perClient, i)));
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpuSeconds = (cpuTicks(pid) - cpu0) / TICK;
        const stealPct = ((steal() - steal0) / TICK) / seconds * 100;
        await new Promise((r) => setTimeout(r, 300));
        let wireIn = 0, inflatedIn = 0;
        for (const line of server.output) {
            const m = /^CLOSED .* wire_in=(\d+) inflated_in=(\d+)/.exec(line);
            if (m) { wireIn += Number(m[1]); inflatedIn += Number(m[2]); }
        }
        const messages = perClient * connections;
        console.log(`| ${name} | ${size} | ${messages} | ${(messages / seconds).toFixed(0)} | ${(cpuSeconds / messages * 1e6).toFixed(1)} | ${(wireIn / inflatedIn).toFixed(3)} | ${stealPct.toFixed(0)}% |`);
    } finally {
        await server.stop();
    }
}

async function main() {
    if (!exe) {
        console.error('usage: node deflate_echo.js --server EXE [--messages N] [--size BYTES] [--connections C] [--window W]');
        process.exit(2);
    }
    console.log(`${connections} connections, ${windowSize} in flight each, JSON-like text payloads`);
    console.log('| mode | size | messages | msgs/s (client-bound) | server CPU us/msg | wire/raw in | steal |');
    console.log('|---|---|---|---|---|---|---|');
    await measure('plain', ['--no-compression'], false);
    await measure('deflate', [], { threshold: 0 });
    await measure('deflate level 1', ['--level', '1'], { threshold: 0 });
    await measure('deflate no_context_takeover', [], { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true });
}

main().catch((e) => {
    console.error(e);
    for (const pid of Server.liveGroups()) { try { process.kill(-pid, 'SIGKILL'); } catch (err) { /* gone */ } }
    process.exit(1);
});
