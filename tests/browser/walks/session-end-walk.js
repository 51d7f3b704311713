// The sign-in session ends while a therapist types in the program builder: Save leads to the
// sign-in page, which says why, and after signing in the builder shows what was typed.
'use strict';

const assert = require('node:assert/strict');
const {Walk, DESKTOP} = require('../lib/Walk');
const {signIn} = require('../lib/portal');

// The shortest idle timeout the configuration allows, so the walk waits one minute, not 15.
const IDLE_SECONDS = 60;

Walk.run('session-end', async (walk) => {
    const page = await walk.page(await walk.context(DESKTOP));
    await page.goto('/');
    await signIn(page);

    let patientPath;
    await walk.step('adds a patient and opens the program builder', async () => {
        await page.goto('/patients/new');
        await page.getByLabel('Full name').fill('Maren Holt');
        await page.getByLabel('Record number').fill('BV-2718');
        await Promise.all([page.waitForURL(/\/patients\/\d+$/),
                           page.getByRole('button', {name: 'Add patient'}).click()]);
        patientPath = new URL(page.url()).pathname;
        await page.getByRole('link', {name: 'Build a program'}).click();
        await page.waitForURL(`**${patientPath}/program`);
    });

    await walk.step('types a program, then the session ends before Save', async () => {
        await page.getByLabel(/^Template/).selectOption('runners-back-care');
        await Promise.all([page.waitForURL('**template=runners-back-care'),
                           page.getByRole('button', {name: 'Use this template'}).click()]);
        await page.getByLabel('Program title').fill('Maren: typed before the timeout');
        await page.locator('#reps-back-flexion-stretch').fill('4');
        await walk.check(page, 'builder-typed');
        await page.waitForTimeout((IDLE_SECONDS + 3) * 1000);
        await Promise.all([page.waitForURL('**/login?**'),
                           page.getByRole('button', {name: 'Save as a new version'}).first().click()]);
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('next'), `${patientPath}/program`);
        assert.ok(!url.search.includes('typed'), 'nothing typed is in the address');
        await assert.doesNotReject(
            page.getByText('Your session ended; sign in to save your changes.').waitFor());
        await walk.check(page, 'sign-in-session-ended');
    });

    await walk.step('after signing in the builder shows what was typed', async () => {
        await signIn(page);
        assert.equal(new URL(page.url()).pathname, `${patientPath}/program`);
        await assert.doesNotReject(page.getByText(/here is what you typed, not saved yet/).waitFor());
        assert.equal(await page.getByLabel('Program title').inputValue(), 'Maren: typed before the timeout');
        assert.equal(await page.locator('#reps-back-flexion-stretch').inputValue(), '4');
        await walk.check(page, 'builder-restored');
        await Promise.all([page.waitForURL(/\/patients\/\d+\?saved/),
                           page.getByRole('button', {name: 'Save as a new version'}).first().click()]);
        await assert.doesNotReject(page.getByText('Maren: typed before the timeout').first().waitFor());
    });

    await walk.step('the paper log typed before the session ended comes back too', async () => {
        await page.goto(`${patientPath}/paper-log`);
        await page.locator('#day0').check();
        await page.getByLabel('Pain that week').selectOption('3');
        await page.getByLabel('Note from the sheet').fill('Maren wrote: easier than last week');
        await page.waitForTimeout((IDLE_SECONDS + 3) * 1000);
        await Promise.all([page.waitForURL('**/login?**'),
                           page.getByRole('button', {name: /^Save week/}).click()]);
        assert.equal(new URL(page.url()).searchParams.get('next'), `${patientPath}/paper-log`);
        await signIn(page);
        assert.equal(new URL(page.url()).pathname, `${patientPath}/paper-log`);
        await assert.doesNotReject(page.getByText(/here is what you typed, not saved yet/).waitFor());
        assert.equal(await page.getByLabel('Note from the sheet').inputValue(),
                     'Maren wrote: easier than last week');
        assert.equal(await page.getByLabel('Pain that week').inputValue(), '3');
        assert.ok(await page.locator('#day0').isChecked(), 'the ticked day is ticked again');
        await walk.check(page, 'paper-log-restored');
        await Promise.all([page.waitForURL('**saved=**'),
                           page.getByRole('button', {name: /^Save week/}).click()]);
        await assert.doesNotReject(page.getByText(/Week 1 saved: 1 paper session/).waitFor());
    });
}, `auth.idleMinutes = ${IDLE_SECONDS / 60}\n`);
