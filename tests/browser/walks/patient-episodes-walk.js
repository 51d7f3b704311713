// A patient's details are edited, the patient is discharged (the check-in link closes, the
// patient leaves the patient list but a search still finds them) and re-admitted; the earlier
// episode is listed on the patient page and opens read-only.
'use strict';

const assert = require('node:assert/strict');
const {Walk, DESKTOP, PHONE} = require('../lib/Walk');
const {signIn, today} = require('../lib/portal');

const NAME = 'Ingrid Solberg';
const RECORD = 'BV-3141';

Walk.run('patient-episodes', async (walk) => {
    const clinic = await walk.context(DESKTOP);
    const page = await walk.page(clinic);

    await walk.step('the therapist signs in', async () => {
        await page.goto('/');
        await signIn(page);
        assert.equal(new URL(page.url()).pathname, '/patients');
    });

    let patientPath;
    await walk.step('adds a patient with a date of birth, a phone and a wrong e-mail', async () => {
        await page.goto('/patients/new');
        await page.getByLabel('Full name').fill('Ingrid Solbreg');
        await page.getByLabel('Record number').fill(RECORD);
        await page.getByLabel(/^Date of birth/).fill('1948-07-02');
        await page.getByLabel(/^Phone/).fill('+47 555 01 234');
        await page.getByLabel(/^Email/).fill('ingrid@');
        // The browser's own check would stop a wrong e-mail before the server sees it.
        await page.locator('form[action="/patients"]').evaluate((form) => { form.noValidate = true; });
        await page.getByRole('button', {name: 'Add patient'}).click();
        const alert = page.getByRole('alert');
        await assert.doesNotReject(alert.waitFor());
        assert.match(await alert.innerText(), /Email: must be an email address/, 'the field is named');
        assert.equal(await page.getByLabel(/^Email/).getAttribute('aria-invalid'), 'true');
        assert.equal(await page.getByLabel(/^Date of birth/).inputValue(), '1948-07-02', 'kept');
        await walk.check(page, 'new-patient-email-error');
        await page.getByLabel(/^Email/).fill('Ingrid@Example.com');
        await Promise.all([page.waitForURL(/\/patients\/\d+$/),
                           page.getByRole('button', {name: 'Add patient'}).click()]);
        patientPath = new URL(page.url()).pathname;
        await assert.doesNotReject(
            page.getByText('Born 1948-07-02 · Phone +47 555 01 234 · ingrid@example.com').waitFor());
    });

    await walk.step('corrects the misspelt name; the page says the old values are kept', async () => {
        await page.getByRole('link', {name: 'Edit details'}).click();
        await page.waitForURL(`**${patientPath}/edit`);
        assert.equal(await page.getByLabel('Full name').inputValue(), 'Ingrid Solbreg');
        assert.equal(await page.getByLabel(/^Phone/).inputValue(), '+47 555 01 234');
        await walk.check(page, 'edit-patient');
        await page.getByLabel('Full name').fill(NAME);
        await Promise.all([page.waitForURL(`**${patientPath}?edited=1`),
                           page.getByRole('button', {name: 'Save changes'}).click()]);
        assert.equal(await page.getByRole('heading', {level: 1}).innerText(), NAME);
        await assert.doesNotReject(page.getByRole('status').getByText('Details saved.').waitFor());
        await walk.check(page, 'patient-edited');
    });

    await walk.step('builds a program from a template', async () => {
        await page.getByRole('link', {name: 'Build a program'}).click();
        await page.getByLabel(/^Template/).selectOption('runners-back-care');
        await Promise.all([page.waitForURL('**template=runners-back-care'),
                           page.getByRole('button', {name: 'Use this template'}).click()]);
        await Promise.all([page.waitForURL(/\/patients\/\d+\?saved/),
                           page.getByRole('button', {name: 'Save as a new version'}).first().click()]);
    });

    let link;
    const phone = await walk.page(await walk.context(PHONE));
    await walk.step('the patient opens the check-in link on a phone', async () => {
        link = (await page.locator('.link-box code').first().innerText()).trim();
        assert.match(link, /\/p\/[A-Za-z0-9_-]+$/);
        await phone.goto(link);
        assert.equal(new URL(phone.url()).pathname, '/p');
        walk.lastPage = page;
    });

    await walk.step('discharges the patient after confirming', async () => {
        await page.getByRole('link', {name: 'Discharge'}).click();
        await page.waitForURL(`**${patientPath}/discharge`);
        await assert.doesNotReject(page.getByRole('heading', {name: `Discharge ${NAME}?`}).waitFor());
        await assert.doesNotReject(page.getByText(`ends today, ${today()}`).waitFor());
        await walk.check(page, 'discharge-confirm');
        await Promise.all([page.waitForURL(`**${patientPath}?discharged=1`),
                           page.getByRole('button', {name: 'Discharge'}).click()]);
        await assert.doesNotReject(page.getByText(/the check-in links stopped working/).waitFor());
        assert.equal(await page.getByRole('link', {name: 'Edit program'}).count(), 0);
        assert.equal(await page.getByRole('button', {name: 'Re-admit'}).count(), 1);
        await walk.check(page, 'patient-discharged');
    });

    await walk.step('the check-in link and the phone\'s page stop working', async () => {
        const reply = await phone.goto(link);
        assert.equal(reply.status(), 404);
        const again = await phone.goto('/p');
        assert.notEqual(again.status(), 200);
        await walk.check(phone, 'checkin-after-discharge');
        walk.lastPage = page;
    });

    await walk.step('the patient leaves the list; a search finds them, marked discharged', async () => {
        await page.goto('/patients');
        assert.equal(await page.getByRole('link', {name: NAME, exact: true}).count(), 0);
        await assert.doesNotReject(page.locator('.discharged-note').waitFor());
        await page.getByLabel('Find a patient').fill('solberg');
        await page.getByLabel('Find a patient').press('Enter');
        await page.waitForURL('**q=solberg*');
        const row = page.locator('table tbody tr', {has: page.getByRole('link', {name: NAME})});
        assert.equal(await row.count(), 1);
        assert.match(await row.innerText(), /discharged/);
        await walk.check(page, 'patients-search-discharged');
    });

    await walk.step('re-admits the patient: a new episode with a new link and no program', async () => {
        await page.goto(patientPath);
        await Promise.all([page.waitForURL(`**${patientPath}?readmitted=1`),
                           page.getByRole('button', {name: 'Re-admit'}).click()]);
        await assert.doesNotReject(page.getByText(/Re-admitted: episode 2 began/).waitFor());
        assert.equal(await page.getByRole('link', {name: 'Build a program'}).count(), 1);
        const newLink = (await page.locator('.link-box code').first().innerText()).trim();
        assert.notEqual(newLink, link);
        await walk.check(page, 'patient-readmitted');
        await page.goto('/patients');
        assert.equal(await page.getByRole('link', {name: NAME, exact: true}).count(), 1);
    });

    await walk.step('the earlier episode is listed and opens read-only', async () => {
        await page.goto(patientPath);
        const section = page.locator('section', {has: page.getByRole('heading', {name: 'Earlier episodes'})});
        const row = section.locator('tbody tr');
        assert.equal(await row.count(), 1, 'one earlier episode');
        const cells = (await row.locator('td').allInnerTexts()).map((cell) => cell.trim());
        assert.equal(cells[0], 'Episode 1');
        assert.equal(cells[1], today(), 'admitted today');
        assert.equal(cells[2], today(), 'discharged today');
        assert.match(cells[3], /· 2 versions$/, 'the program, ended by the discharge');
        await walk.check(page, 'patient-earlier-episodes');
        await Promise.all([page.waitForURL(`**${patientPath}/episodes/1`),
                           row.getByRole('link', {name: 'Episode 1'}).click()]);
        assert.equal(await page.getByRole('heading', {level: 1}).innerText(), `${NAME}: episode 1`);
        await assert.doesNotReject(page.getByText(/read-only/).first().waitFor());
        assert.equal(await page.locator('.versions > li').count(), 2, 'both versions');
        assert.ok(await page.locator('.versions .items li').count() > 0, 'the exercises and doses');
        assert.equal(await page.locator(`form[action^="/patients/"]`).count(), 0, 'nothing to change');
        assert.equal(await page.locator('a[href$="/program"]').count(), 0, 'no builder');
        assert.equal(await page.locator('.link-box, a[href*="/p/"]').count(), 0, 'no check-in link');
        await walk.check(page, 'earlier-episode');
        await Promise.all([page.waitForURL(`**${patientPath}`),
                           page.getByRole('link', {name: 'Back to the patient'}).click()]);
    });
});
