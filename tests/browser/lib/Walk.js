// One walk through Limber in Debian's Chromium: a server of its own, a browser, numbered steps,
// and on every page visited a full-page screenshot and an axe-core check that fails the walk
// on any serious or critical violation.
//
//   node walks/<name>.js --limber BUILD/limber --artifacts BUILD/browser-artifacts
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const {LimberServer, onPostgres} = require('./LimberServer');

/// CTest reports a walk that exits with this code as skipped (see tests/browser/CMakeLists.txt).
const SKIPPED = 77;

/// Stops here when what the walks need is missing: a skip a developer sees in CTest's summary,
/// or a failure where LIMBER_REQUIRE_BROWSER is set (bash tests/run.sh sets it).
function missing(what) {
    const required = Boolean(process.env.LIMBER_REQUIRE_BROWSER);
    console.error(`${required ? 'FAILED' : 'Skipped'}: ${what} is missing; ` +
                  'bash .ci/install-deps --tests installs it');
    process.exit(required ? 1 : SKIPPED);
}

function dependency(name) {
    try {
        return require(name);
    } catch (error) {
        missing(`the npm package ${name} (npm ci in tests/browser)`);
    }
}

/// The same for a PostgreSQL server, on a walk that runs on PostgreSQL: a skip, or a failure
/// where LIMBER_REQUIRE_POSTGRES=1 (bash tests/run.sh sets it).
if (onPostgres() && !process.env.LIMBER_TEST_POSTGRES) {
    const required = process.env.LIMBER_REQUIRE_POSTGRES === '1';
    console.error(`${required ? 'FAILED' : 'Skipped'}: LIMBER_TEST_POSTGRES names no PostgreSQL ` +
                  'server; source tests/start-postgres.sh');
    process.exit(required ? 1 : SKIPPED);
}

const {chromium} = dependency('playwright-core');
const axeSource = dependency('axe-core').source;

/// Debian's Chromium; never a browser build of Playwright's own.
const CHROMIUM = process.env.LIMBER_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM))
    missing(`Chromium (${CHROMIUM}, Debian's package chromium)`);
/// Without these Chromium tries to reach the network at start and stalls on a machine without it.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                       '--disable-background-networking', '--disable-component-update',
                       '--disable-sync', '--disable-dev-shm-usage'];

/// Viewports: a clinic PC, and the small phone the check-in page is made for.
const DESKTOP = {viewport: {width: 1280, height: 800}};
const PHONE = {viewport: {width: 360, height: 740}, deviceScaleFactor: 2, isMobile: true,
               hasTouch: true};

/// axe-core impacts that fail a walk.
const FAILING_IMPACTS = new Set(['serious', 'critical']);

function argument(name) {
    const at = process.argv.indexOf('--' + name);
    if (at < 0 || at + 1 >= process.argv.length)
        throw new Error(`missing --${name}`);
    return process.argv[at + 1];
}

class Walk {
    /// settings: configuration lines for the server ("auth.idleMinutes = 1\n"), if any.
    constructor(name, settings = '') {
        // Its own artifacts folder when it runs on PostgreSQL, beside the SQLite run's.
        this.name = onPostgres() ? `${name}-postgresql` : name;
        this.settings = settings;
        this.limber = argument('limber');
        this.artifacts = path.join(argument('artifacts'), this.name);
        this.shots = 0;
        this.visited = [];
        this.notes = [];
        this.problems = [];
    }

    /// Runs body(walk) between a fresh server and browser and cleans up after; exits non-zero
    /// when a step failed, the page logged an error, or the server did not stop cleanly.
    static run(name, body, settings = '') {
        const walk = new Walk(name, settings);
        walk.go(body).then((ok) => process.exit(ok ? 0 : 1),
                           (error) => {
                               console.error(error);
                               process.exit(1);
                           });
    }

    async go(body) {
        fs.rmSync(this.artifacts, {recursive: true, force: true});
        fs.mkdirSync(this.artifacts, {recursive: true});
        let ok = true;
        try {
            this.server = await LimberServer.start(this.limber, this.settings);
            this.url = this.server.url;
            // Each launch gets a fresh, temporary user-data folder, removed on close.
            this.browser = await chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS,
                                                  headless: true});
            console.log(`${this.name}: ${this.url}, Chromium ${this.browser.version()}`);
            await body(this);
        } catch (error) {
            ok = false;
            console.error(`FAILED: ${this.current || this.name}\n${error.stack || error}`);
            if (this.lastPage && !this.lastPage.isClosed()) {
                await this.lastPage.screenshot({path: path.join(this.artifacts, 'FAILED.png'),
                                                fullPage: true}).catch(() => {});
            }
        }
        if (this.browser)
            await this.browser.close().catch(() => {});
        if (this.server) {
            try {
                await this.server.stop();
            } catch (error) {
                ok = false;
                console.error(`FAILED: stopping the server\n${error.message}`);
            }
        }
        for (const problem of this.problems) {
            ok = false;
            console.error(`FAILED: ${problem}`);
        }
        for (const note of this.notes)
            console.log(`note: ${note}`);
        fs.writeFileSync(path.join(this.artifacts, 'pages.txt'),
                         this.visited.map((v) => `${v.shot}\t${v.url}\t${v.title}`).join('\n') + '\n');
        console.log(`${this.name}: ${this.visited.length} pages checked, screenshots in ${this.artifacts}`);
        console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
        return ok;
    }

    /// A fresh browser context (its own cookies) at desktop or phone size.
    async context(kind = DESKTOP, options = {}) {
        const context = await this.browser.newContext({...kind, baseURL: this.url,
                                                       acceptDownloads: true, ...options});
        // Generous for the sanitizer build, whose server answers several times slower.
        context.setDefaultTimeout(20000);
        context.scriptsDisabled = options.javaScriptEnabled === false;
        return context;
    }

    /// A new page in context whose console errors, uncaught exceptions and failed subresources
    /// fail the walk (a blocked inline style or script shows up in the console as a
    /// Content-Security-Policy error). A page the walk opens on purpose may answer 4xx (error
    /// pages, a revoked link): the console reports that as a failed load, which passes here;
    /// what that page asks for in turn (stylesheet, script, figure, font, fetch) must not fail.
    async page(context) {
        const page = await context.newPage();
        page.on('console', (message) => {
            if (message.type() === 'error' &&
                !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()))
                this.problems.push(`console error on ${page.url()}: ${message.text()}`);
        });
        page.on('response', (response) => {
            const request = response.request();
            if (response.status() >= 400 && request.resourceType() !== 'document')
                this.problems.push(`${request.resourceType()} ${request.url()} answered ` +
                                   `${response.status()} on ${page.url()}`);
        });
        page.on('requestfailed', (request) => {
            const failure = request.failure()?.errorText || 'failed';
            // A load cut short by the next navigation is the browser's doing, not the server's.
            if (request.resourceType() !== 'document' && failure !== 'net::ERR_ABORTED')
                this.problems.push(`${request.resourceType()} ${request.url()} failed ` +
                                   `(${failure}) on ${page.url()}`);
        });
        page.on('pageerror', (error) => this.problems.push(`script error on ${page.url()}: ${error}`));
        this.lastPage = page;
        return page;
    }

    /// Runs one named step, printed as it passes.
    async step(name, body) {
        this.current = name;
        const started = Date.now();
        await body();
        console.log(`ok - ${name} (${Date.now() - started} ms)`);
    }

    /// Checks the page in front of the user: a screenshot named after it, and axe-core (which
    /// runs as a script: a page of a context without JavaScript gets the screenshot only, its
    /// markup being the same as with scripts).
    async check(page, name) {
        this.lastPage = page;
        await page.waitForLoadState('load');
        this.shots += 1;
        const shot = `${String(this.shots).padStart(2, '0')}-${name}.png`;
        await page.screenshot({path: path.join(this.artifacts, shot), fullPage: true});
        this.visited.push({shot, url: new URL(page.url()).pathname, title: await page.title()});
        if (!page.context().scriptsDisabled)
            await this.accessibility(page, name);
    }

    async accessibility(page, name) {
        const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
        if (!hasAxe)
            await page.evaluate(axeSource);
        const results = await page.evaluate(async () => {
            const found = await window.axe.run(document, {resultTypes: ['violations']});
            return found.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
            }));
        });
        for (const violation of results) {
            const line = `axe ${violation.impact} ${violation.id} on ${name} (${page.url()}): ` +
                         `${violation.help}\n    ${violation.nodes.join('\n    ')}`;
            if (FAILING_IMPACTS.has(violation.impact))
                this.problems.push(line);
            else
                this.notes.push(line);
        }
    }

    /// Saves a file (a downloaded handout) among the artifacts; returns its path.
    artifact(fileName) {
        return path.join(this.artifacts, fileName);
    }
}

module.exports = {Walk, DESKTOP, PHONE, CHROMIUM, CHROMIUM_ARGS, chromium};
