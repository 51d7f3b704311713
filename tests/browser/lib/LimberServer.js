// A Limber server of the test's own: `limber serve --port 0 --demo` over a temporary data
// folder, its address read from what it prints, stopped with SIGTERM and expected to exit 0.
// With LIMBER_TEST_ENGINE=postgresql its store is a fresh schema of its own on the server named
// by LIMBER_TEST_POSTGRES (made and dropped with psql) instead of a SQLite file.
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const START_TIMEOUT_MS = 30000;
const STOP_TIMEOUT_MS = 15000;

/// Whether the walks run on PostgreSQL (see tests/browser/CMakeLists.txt).
function onPostgres() {
    return process.env.LIMBER_TEST_ENGINE === 'postgresql';
}

/// Runs one SQL text on the test server with psql; throws with psql's message when it fails.
function psql(sql) {
    execFileSync('psql', [process.env.LIMBER_TEST_POSTGRES, '-q', '-v', 'ON_ERROR_STOP=1',
                          '-c', 'SET client_min_messages = warning', '-c', sql],
                 {stdio: ['ignore', 'pipe', 'pipe']});
}

class LimberServer {
    /// Starts the server (settings: configuration lines, if any); resolves once it printed the
    /// address it serves on.
    static async start(binary, settings = '') {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'limber-browser-'));
        const args = ['serve', '--port', '0', '--data-dir', dataDir, '--demo'];
        let schema = '';
        let properties = settings;
        if (onPostgres()) {
            schema = `walk_${process.pid}`;
            psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
            properties += 'store.driver = postgresql\n' +
                          `store.postgresql = ${process.env.LIMBER_TEST_POSTGRES} ` +
                          `options='-csearch_path=${schema}'\n`;
        }
        if (properties) {
            const config = path.join(dataDir, 'limber.properties');
            fs.writeFileSync(config, properties);
            args.push('--config', config);
        }
        const child = spawn(binary, args, {stdio: ['ignore', 'pipe', 'pipe']});
        const server = new LimberServer(child, dataDir);
        server.schema = schema;
        server.url = await new Promise((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`limber serve printed no address within ${START_TIMEOUT_MS} ms:\n` +
                                       server.output)),
                START_TIMEOUT_MS);
            const look = () => {
                const found = /Limber is serving on (https?:\/\/[^\s/]+)\//.exec(server.output);
                if (found) {
                    clearTimeout(timer);
                    resolve(found[1]);
                }
            };
            child.stdout.on('data', (chunk) => { server.output += chunk; look(); });
            child.stderr.on('data', (chunk) => { server.output += chunk; });
            child.on('exit', (code, signal) => {
                clearTimeout(timer);
                reject(new Error(`limber serve exited (${code ?? signal}) before serving:\n` +
                                 server.output));
            });
        });
        return server;
    }

    constructor(child, dataDir) {
        this.child = child;
        this.dataDir = dataDir;
        this.output = '';
        this.url = '';
        this.exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({code, signal})));
    }

    /// Stops the server as an operator would (SIGTERM), checks that it exited cleanly, and
    /// removes its data folder. Throws when it did not stop in time or exited non-zero.
    async stop() {
        if (this.child.exitCode === null && this.child.signalCode === null)
            this.child.kill('SIGTERM');
        let timer;
        const timeout = new Promise((resolve) => {
            timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS);
        });
        const exited = await Promise.race([this.exit, timeout]);
        clearTimeout(timer);
        if (!exited) {
            this.child.kill('SIGKILL');
            await this.exit;
            throw new Error(`limber serve did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
        }
        fs.rmSync(this.dataDir, {recursive: true, force: true});
        if (this.schema)
            psql(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
        if (exited.code !== 0)
            throw new Error(`limber serve exited with ${exited.code ?? exited.signal} on SIGTERM:\n` +
                            this.output);
    }
}

module.exports = {LimberServer, onPostgres};
