// The clinic admin's pages and every kind of error page, as the people who meet them see them:
// an admin adds a therapist (after a mistake) and an API key and reads the audit trail; the
// therapist is refused the admin pages; a mistyped address; a patient's revoked link on a phone.
'use strict';

const assert = require('node:assert/strict');
const {Walk, DESKTOP, PHONE} = require('../lib/Walk');
const {signIn, DEMO_EMAIL} = require('../lib/portal');

const THERAPIST = {name: 'Łukasz Wróbel, PT', email: 'lukasz@bayview.example',
                   password: 'stretch-daily-2026'};

Walk.run('admin', async (walk) => {
    const clinic = await walk.context(DESKTOP);
    const page = await walk.page(clinic);

    await walk.step('the admin opens the users page from the menu', async () => {
        await page.goto('/login');
        await signIn(page);
        await page.getByRole('navigation', {name: 'Main'}).getByRole('link', {name: 'Admin'}).click();
        await page.waitForURL('**/admin/users');
        assert.equal(await page.getByRole('link', {name: 'Admin'}).first().getAttribute('aria-current'), 'page');
        await walk.check(page, 'admin-users');
    });

    await walk.step('adding a user with a taken email keeps what was typed and marks the email', async () => {
        await page.getByLabel('Name, as printed on handouts').fill(THERAPIST.name);
        await page.getByLabel('Email (the sign-in name)').fill(DEMO_EMAIL);
        await page.getByLabel('First password').fill(THERAPIST.password);
        await page.getByRole('button', {name: 'Add user'}).click();
        await assert.doesNotReject(page.getByRole('alert').waitFor());
        assert.match(await page.getByRole('alert').innerText(), /Email/);
        const email = page.getByLabel('Email (the sign-in name)');
        assert.equal(await email.inputValue(), DEMO_EMAIL);
        assert.equal(await email.getAttribute('aria-invalid'), 'true');
        assert.equal(await page.getByLabel('Name, as printed on handouts').inputValue(), THERAPIST.name);
        await walk.check(page, 'admin-users-error');
    });

    await walk.step('with the email fixed, the therapist is added', async () => {
        await page.getByLabel('Email (the sign-in name)').fill(THERAPIST.email);
        await page.getByLabel('First password').fill(THERAPIST.password);
        await Promise.all([page.waitForURL('**/admin/users?saved=1'),
                           page.getByRole('button', {name: 'Add user'}).click()]);
        const row = page.locator('tbody tr', {hasText: THERAPIST.email});
        assert.match(await row.innerText(), /therapist\s+active/);
        await walk.check(page, 'admin-users-saved');
    });

    await walk.step('makes an API key, shown once', async () => {
        await page.getByRole('link', {name: 'API keys'}).click();
        await page.waitForURL('**/admin/api-keys');
        await walk.check(page, 'admin-api-keys');
        await page.getByLabel('What it is for').fill('EHR export');
        await page.getByRole('button', {name: 'Make key'}).click();
        await assert.doesNotReject(page.getByRole('status').getByText('Copy the new key now').waitFor());
        assert.match(await page.locator('.link-box code').innerText(), /^lk_/);
        await walk.check(page, 'admin-api-key-made');
    });

    await walk.step('reloading the page that showed the key makes no second key', async () => {
        const posts = [];
        const listener = (request) => request.method() === 'POST' && posts.push(request.url());
        page.on('request', listener);
        await page.reload();
        page.off('request', listener);
        assert.deepEqual(posts, []);
        assert.equal(await page.locator('.link-box code').count(), 0, 'the secret is not shown again');
        assert.equal(await page.getByRole('row', {name: /EHR export/}).count(), 1, 'one key');
    });

    await walk.step('reads the audit trail, where the new user shows', async () => {
        await page.getByRole('link', {name: 'Audit trail'}).click();
        await page.waitForURL('**/admin/audit');
        await assert.doesNotReject(page.getByRole('cell', {name: /user\./}).first().waitFor());
        await walk.check(page, 'admin-audit');
    });

    await walk.step('a mistyped address shows a page that says so, with the way back', async () => {
        const answer = await page.goto('/patients/99999');
        assert.equal(answer.status(), 404);
        await assert.doesNotReject(page.getByRole('heading', {name: 'Not found'}).waitFor());
        await assert.doesNotReject(page.getByRole('link', {name: 'Back to the patient list'}).waitFor());
        assert.match(await page.locator('header').innerText(), /Dana Whitfield/,
                     'the page keeps the portal header of the signed-in user');
        assert.match(await page.locator('.eyebrow').textContent(), /Error 404 · Bayview Physical Therapy/,
                     'the page names the clinic');
        await walk.check(page, 'error-not-found');
        // An address no route knows keeps the signed-in header too.
        const unknown = await page.goto('/no-such-page');
        assert.equal(unknown.status(), 404);
        assert.match(await page.locator('header').innerText(), /Dana Whitfield/);
        await walk.check(page, 'error-unknown-address');
    });

    await walk.step('a therapist is refused the admin pages with a page that says why', async () => {
        const own = await walk.page(await walk.context(DESKTOP));
        await own.goto('/login');
        await signIn(own, THERAPIST.email, THERAPIST.password);
        assert.equal(await own.getByRole('link', {name: 'Admin'}).count(), 0, 'no admin menu');
        const answer = await own.goto('/admin/users');
        assert.equal(answer.status(), 403);
        await assert.doesNotReject(own.getByRole('heading', {name: 'Not allowed'}).waitFor());
        await assert.doesNotReject(own.getByText('This page is for clinic admins.').waitFor());
        await walk.check(own, 'error-not-allowed');
        await own.context().close();
        walk.lastPage = page;
    });

    let link;
    await walk.step('the admin revokes a patient\'s link', async () => {
        await page.goto('/patients');
        await page.getByRole('link', {name: 'Lucía Fernández', exact: true}).first().click();
        link = (await page.locator('.link-box code').innerText()).trim();
        await page.getByRole('row', {name: /works/}).getByRole('button', {name: 'Revoke'}).click();
        await assert.doesNotReject(page.getByRole('status').getByText('The link was revoked').waitFor());
        await walk.check(page, 'patient-link-revoked');
    });

    await walk.step('the patient opening the revoked link on a phone gets a friendly page, in Spanish', async () => {
        const phone = await walk.page(await walk.context(PHONE, {locale: 'es-ES'}));
        const answer = await phone.goto(link);
        assert.equal(answer.status(), 404);
        // The phone speaks Spanish; the page is the one any link that does not work gets, so it
        // names no clinic and no patient.
        assert.equal(await phone.getAttribute('html', 'lang'), 'es');
        await assert.doesNotReject(phone.getByRole('heading', {name: 'Este enlace no funciona'}).waitFor());
        const text = await phone.locator('main').innerText();
        assert.match(text, /Llame a la clínica que le dio su hoja de ejercicios/);
        assert.doesNotMatch(text, /Bayview|Lucía/);
        assert.equal(await phone.locator('.topbar').count(), 0, 'no portal menu on a patient page');
        await walk.check(phone, 'checkin-link-revoked');
    });

    await walk.step('on a phone the portal fits the screen: wide tables scroll in their box', async () => {
        const phone = await walk.page(await walk.context(PHONE));
        await phone.goto('/login');
        await signIn(phone);
        for (const address of ['/patients', '/admin/audit']) {
            await phone.goto(address);
            const width = await phone.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= 360, `${address} is ${width} px wide at 360 px`);
            assert.ok(await phone.getByRole('columnheader').count() > 0, 'tables stay tables');
            await walk.check(phone, `phone${address.replace(/\//g, '-')}`);
        }
    });
});
