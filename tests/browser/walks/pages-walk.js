// The pages the other walks do not reach, each checked with axe-core and saved as a screenshot:
// a patient's report and the clinic's (both printed to PDF on A4 and Letter and checked with
// pdftotext and pdftoppm), the paper log (a week saved), the flag rules (a mistake),
// the clinic's exercise editor, the check-in code page (a wrong code, at phone size, in the
// browser's language), and an unknown link in Spanish.
'use strict';

const assert = require('node:assert/strict');
const {execFileSync} = require('node:child_process');
const {Walk, DESKTOP, PHONE} = require('../lib/Walk');
const {signIn} = require('../lib/portal');

/// Prints page to PDF on paper, renders its pages to PNG; returns the text and the page count.
async function printed(walk, page, name, format) {
    const pdf = walk.artifact(`${name}.pdf`);
    await page.emulateMedia({media: 'print'});
    await page.pdf({path: pdf, format, printBackground: true});
    await page.emulateMedia({media: 'screen'});
    execFileSync('pdftoppm', ['-png', '-r', '50', pdf, walk.artifact(name)],
                 {stdio: ['ignore', 'pipe', 'pipe']});
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', pdf, '-'],
                              {stdio: ['ignore', 'pipe', 'pipe']}).toString('utf8');
    const info = execFileSync('pdfinfo', [pdf], {stdio: ['ignore', 'pipe', 'pipe']}).toString();
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
    return {text, pages: Number(/Pages:\s+(\d+)/.exec(info)[1]),
            width: Number(size[1]), height: Number(size[2])};
}

/// What must not be printed: the menu, the buttons, the forms.
function assertNoControls(text, what) {
    for (const control of ['Sign out', 'Skip to content', 'Show', 'Previous 100', 'Next 100'])
        assert.ok(!new RegExp(`\\b${control}\\b`).test(text), `"${control}" is not printed on ${what}`);
}

Walk.run('pages', async (walk) => {
    const page = await walk.page(await walk.context(DESKTOP));
    let patientPath;

    await walk.step('a patient\'s adherence report, on screen and printed on A4', async () => {
        await page.goto('/login');
        await signIn(page);
        await page.getByRole('link', {name: 'Amara Silva', exact: true}).first().click();
        await page.waitForURL(/\/patients\/\d+$/);
        patientPath = new URL(page.url()).pathname;
        await page.getByRole('link', {name: 'Full report'}).click();
        await page.waitForURL(`**${patientPath}/report`);
        await assert.doesNotReject(page.getByRole('heading', {name: 'Adherence report: Amara Silva'}).waitFor());
        await walk.check(page, 'report-patient');
        const paper = await printed(walk, page, 'report-patient-a4', 'A4');
        assert.ok(Math.abs(paper.width - 595.3) < 1.5, `A4 wide (${paper.width} pt)`);
        assert.ok(paper.pages <= 3, `the report prints on ${paper.pages} pages`);
        assert.match(paper.text, /Bayview Physical Therapy · Limber/, 'each printout names the clinic');
        assert.match(paper.text, /Weekly adherence/);
        assert.match(paper.text, /Program versions/);
        assertNoControls(paper.text, 'the patient report');
    });

    await walk.step('the clinic report, on screen and printed on Letter', async () => {
        await page.getByRole('link', {name: 'Clinic report'}).click();
        await page.waitForURL('**/reports/clinic');
        await assert.doesNotReject(page.getByRole('heading', {name: 'Follow-up list'}).waitFor());
        assert.equal(await page.getByRole('navigation', {name: 'Pages of the caseload'}).count(), 0,
                     '24 patients fit on one page');
        await walk.check(page, 'report-clinic');
        const paper = await printed(walk, page, 'report-clinic-letter', 'Letter');
        assert.ok(Math.abs(paper.width - 612) < 1.5, `Letter wide (${paper.width} pt)`);
        assert.match(paper.text, /Caseload/);
        assert.match(paper.text, /Amara Silva/);
        assertNoControls(paper.text, 'the clinic report');
        // Every patient's row is printed once, headings repeated on each page.
        const rows = paper.text.match(/BV-10\d\d/g) || [];
        assert.ok(rows.length >= 24, `the caseload's 24 records are printed (${rows.length} found)`);
        await page.goto('/reports/clinic?sort=adherence&order=asc&page=all');
        await walk.check(page, 'report-clinic-sorted');
    });

    await walk.step('the paper log: a week typed in from the sheet and saved', async () => {
        await page.goto(`${patientPath}/paper-log`);
        await walk.check(page, 'paper-log');
        const days = page.locator('table.paper-week input[type=checkbox]');
        assert.ok(await days.count() > 0, 'the week has days to tick');
        await days.first().check();
        await page.getByLabel('Note from the sheet').fill('Ticked on the fridge sheet.');
        await Promise.all([page.waitForURL(/paper-log\?/),
                           page.getByRole('button', {name: /^Save week/}).click()]);
        await assert.doesNotReject(page.getByRole('status').getByText(/saved/).waitFor());
        await walk.check(page, 'paper-log-saved');
    });

    await walk.step('the flag rules: a number out of range is marked beside its field', async () => {
        await page.goto('/admin/flags');
        await walk.check(page, 'admin-flags');
        await page.getByLabel('Adherence below (%)').fill('150');
        await page.getByRole('button', {name: 'Save the rules'}).click();
        await assert.doesNotReject(page.getByRole('alert').waitFor());
        const field = page.getByLabel('Adherence below (%)');
        assert.equal(await field.getAttribute('aria-invalid'), 'true');
        assert.equal(await field.inputValue(), '150', 'what was typed is kept');
        await walk.check(page, 'admin-flags-error');
    });

    await walk.step('the clinic\'s exercise editor: a new exercise, then editing it', async () => {
        await page.goto('/admin/exercises/new');
        await walk.check(page, 'exercise-new');
        await page.goto('/catalog/tree-pose');
        await page.getByRole('link', {name: 'Copy to adapt'}).click();
        await page.locator('#id').fill('tree-pose-on-a-cushion');
        await page.locator('[id="en.name"]').fill('Tree pose on a cushion');
        await Promise.all([page.waitForURL('**/catalog/tree-pose-on-a-cushion?saved=1'),
                           page.getByRole('button', {name: 'Add the exercise'}).click()]);
        await page.goto('/admin/exercises/tree-pose-on-a-cushion/edit');
        await walk.check(page, 'exercise-edit');
    });

    const phone = await walk.page(await walk.context(PHONE, {locale: 'es-ES'}));
    await walk.step('the check-in code page, in the browser\'s language, at phone size', async () => {
        await phone.goto('/p/code');
        assert.equal(await phone.getAttribute('html', 'lang'), 'es');
        await walk.check(phone, 'checkin-code');
        await phone.getByLabel('Su código').fill('AAAA-BBBB-CCCC');
        const [answer] = await Promise.all([
            phone.waitForResponse((r) => r.request().method() === 'POST'),
            phone.getByRole('button', {name: 'Abrir mi página'}).click(),
        ]);
        assert.equal(answer.status(), 404);
        await assert.doesNotReject(phone.getByRole('alert').waitFor());
        assert.equal(await phone.getByLabel('Su código').inputValue(), 'AAAA-BBBB-CCCC', 'the code typed is kept');
        await walk.check(phone, 'checkin-code-wrong');
    });

    await walk.step('a link that never worked answers in the browser\'s language', async () => {
        const answer = await phone.goto('/p/' + 'x'.repeat(43));
        assert.equal(answer.status(), 404);
        await assert.doesNotReject(phone.getByRole('heading', {name: 'Este enlace no funciona'}).waitFor());
        await walk.check(phone, 'checkin-link-unknown');
    });
});
