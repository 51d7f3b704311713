// Printing choices on the patient page and the reports, with the browser's own form (no
// script needed): A4 and large print for a handout, checked in the PDF's page size (its
// MediaBox) and page images; the choices are remembered (the paper for the clinic, large print
// and language for the patient) and pre-selected the next time, and the plain "Print handout"
// prints with them; a refused value answers with the field's name; the clinic report starts
// from the remembered paper and its own choice is remembered in turn.
'use strict';

const assert = require('node:assert/strict');
const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const {Walk, DESKTOP} = require('../lib/Walk');
const {signIn} = require('../lib/portal');

/// Fetches address with the page's cookies and keeps the bytes as artifact name.
async function download(walk, page, address, name) {
    const bytes = await page.evaluate(async (url) => {
        const answer = await fetch(url);
        const data = new Uint8Array(await answer.arrayBuffer());
        let binary = '';
        for (const byte of data)
            binary += String.fromCharCode(byte);
        return btoa(binary);
    }, address);
    const pdf = walk.artifact(name);
    fs.writeFileSync(pdf, Buffer.from(bytes, 'base64'));
    return pdf;
}

/// Whether a response is the PDF (GET) a print form's POST was sent on to.
function isPdfAt(path) {
    return (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === path;
}

/// The PDF's first MediaBox (in points), its page count and its text; renders its pages.
function inspect(walk, pdf, name) {
    const info = execFileSync('pdfinfo', ['-box', pdf], {stdio: ['ignore', 'pipe', 'pipe']}).toString();
    const box = /MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(info);
    assert.ok(box, `a MediaBox in ${name}`);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, walk.artifact(name)],
                 {stdio: ['ignore', 'pipe', 'pipe']});
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'],
                              {stdio: ['ignore', 'pipe', 'pipe']}).toString('utf8');
    return {width: Number(box[3]) - Number(box[1]), height: Number(box[4]) - Number(box[2]),
            pages: Number(/Pages:\s+(\d+)/.exec(info)[1]), text};
}

Walk.run('print-choices', async (walk) => {
    const page = await walk.page(await walk.context(DESKTOP));
    let patientPath;
    let normal;
    let large;

    await walk.step('the patient page offers paper, language and large print', async () => {
        await page.goto('/login');
        await signIn(page);
        await page.getByRole('link', {name: 'Amara Silva', exact: true}).first().click();
        await page.waitForURL(/\/patients\/\d+$/);
        patientPath = new URL(page.url()).pathname;
        const form = page.locator('form.print-choices');
        await assert.doesNotReject(form.waitFor());
        assert.equal(await page.getByLabel('Paper').inputValue(), 'letter', 'Letter by default');
        assert.equal(await page.getByLabel('Large print').isChecked(), false);
        await walk.check(page, 'print-choices-patient');
        normal = inspect(walk, await download(walk, page, `${patientPath}/handout.pdf?paper=a4`,
                                              'handout-a4.pdf'), 'handout-a4');
    });

    await walk.step('A4 and large print: the PDF is A4 and set larger', async () => {
        await page.getByLabel('Paper').selectOption('a4');
        await page.getByLabel('Large print').check();
        await page.getByLabel('Language').selectOption('en');
        const [response] = await Promise.all([
            page.waitForResponse(isPdfAt(`${patientPath}/handout.pdf`)),
            page.getByRole('button', {name: 'Print with these choices'}).click(),
        ]);
        assert.equal(response.status(), 200);
        assert.equal(response.headers()['content-type'], 'application/pdf');
        const sent = new URL(response.url());
        assert.equal(sent.searchParams.get('paper'), 'a4');
        assert.equal(sent.searchParams.get('largePrint'), 'true');
        await page.goBack();
        large = inspect(walk, await download(walk, page, sent.pathname + sent.search,
                                                   'handout-a4-large.pdf'), 'handout-a4-large');
        assert.ok(Math.abs(large.width - 595.28) < 1 && Math.abs(large.height - 841.89) < 1,
                  `an A4 MediaBox (${large.width} x ${large.height})`);
        assert.ok(large.pages > normal.pages,
                  `large print takes more pages (${large.pages} against ${normal.pages})`);
        assert.match(large.text, /Amara Silva/);
    });

    await walk.step('next time the choices are pre-selected and "Print handout" uses them', async () => {
        await page.goto(patientPath);
        assert.equal(await page.getByLabel('Paper').inputValue(), 'a4', 'the clinic\'s paper');
        assert.equal(await page.getByLabel('Large print').isChecked(), true, 'the patient\'s');
        assert.equal(await page.getByLabel('Language').inputValue(), 'en');
        await walk.check(page, 'print-choices-remembered');
        const plain = await page.getByRole('link', {name: 'Print handout', exact: true})
            .getAttribute('href');
        assert.equal(plain, `${patientPath}/handout.pdf`, 'the button names no choice');
        const again = inspect(walk, await download(walk, page, plain, 'handout-remembered.pdf'),
                              'handout-remembered');
        assert.ok(Math.abs(again.width - 595.28) < 1, `A4 (${again.width} x ${again.height})`);
        assert.equal(again.pages, large.pages, 'large print, as remembered');
    });

    await walk.step('a value the form never sends is refused by name', async () => {
        // Opened as a page: an error page for a document is what a person would see.
        const response = await page.goto(`${patientPath}/handout.pdf?paper=legal&lang=fr`);
        const answer = {status: response.status(), body: await response.text()};
        assert.equal(answer.status, 400);
        assert.match(answer.body, /paper/);
        assert.match(answer.body, /lang/);
    });

    await walk.step('the clinic report prints on the paper chosen', async () => {
        await page.goto('/reports/clinic');
        assert.equal(await page.getByLabel('Paper').inputValue(), 'a4', 'remembered for the clinic');
        const remembered = inspect(walk, await download(walk, page, '/reports/clinic.pdf',
                                                        'clinic-report-a4.pdf'), 'clinic-report-a4');
        // The clinic report is printed across the page (landscape): A4 either way round.
        const [short, long] = [remembered.width, remembered.height].sort((a, b) => a - b);
        assert.ok(Math.abs(short - 595.28) < 1 && Math.abs(long - 841.89) < 1,
                  `an A4 MediaBox (${remembered.width} x ${remembered.height})`);
        await page.getByLabel('Paper').selectOption('letter');
        const [response] = await Promise.all([
            page.waitForResponse(isPdfAt('/reports/clinic.pdf')),
            page.getByRole('button', {name: 'PDF'}).click(),
        ]);
        assert.equal(response.status(), 200);
        const sent = new URL(response.url());
        assert.equal(sent.searchParams.get('paper'), 'letter');
        await page.goBack();
        const report = inspect(walk, await download(walk, page, sent.pathname + sent.search,
                                                    'clinic-report-letter.pdf'),
                               'clinic-report-letter');
        const [width, height] = [report.width, report.height].sort((a, b) => a - b);
        assert.ok(Math.abs(width - 612) < 1 && Math.abs(height - 792) < 1,
                  `a Letter MediaBox (${report.width} x ${report.height})`);
        await page.goto(patientPath);
        assert.equal(await page.getByLabel('Paper').inputValue(), 'letter',
                     'the report\'s choice is the clinic\'s paper for handouts too');
    });
});
