// Forms as a therapist meets them: a signed-out visit goes to sign-in and back to where it was
// going; a mistake keeps what was typed and marks the field; after a POST the back button and
// reload neither resend the form nor show stale patient data.
'use strict';

const assert = require('node:assert/strict');
const {Walk, DESKTOP} = require('../lib/Walk');
const {signIn, patientRow} = require('../lib/portal');

/// Records the POST requests page sends while body runs.
async function postsDuring(page, body) {
    const posts = [];
    const listener = (request) => {
        if (request.method() === 'POST')
            posts.push(new URL(request.url()).pathname);
    };
    page.on('request', listener);
    try {
        await body();
    } finally {
        page.off('request', listener);
    }
    return posts;
}

Walk.run('forms', async (walk) => {
    const clinic = await walk.context(DESKTOP);
    const page = await walk.page(clinic);

    await walk.step('a signed-out visit to a search goes to sign-in, then back to the search', async () => {
        await page.goto('/patients?q=Luc%C3%ADa');
        const url = new URL(page.url());
        assert.equal(url.pathname, '/login');
        assert.equal(url.searchParams.get('next'), '/patients?q=Luc%C3%ADa');
        await walk.check(page, 'sign-in-with-next');
        await signIn(page);
        assert.equal(new URL(page.url()).pathname, '/patients');
        assert.equal(await page.getByLabel('Find a patient').inputValue(), 'Lucía');
        assert.equal(await page.locator('table tbody tr').count(), 1, 'only Lucía is listed');
        await walk.check(page, 'patients-search');
    });

    await walk.step('a wrong password keeps the email and says what went wrong', async () => {
        const visitor = await walk.page(await walk.context(DESKTOP));
        await visitor.goto('/login');
        await visitor.getByLabel('Email').fill('demo@limber.example');
        await visitor.getByLabel('Password').fill('not the password');
        await visitor.getByRole('button', {name: 'Sign in'}).click();
        await assert.doesNotReject(visitor.getByRole('alert').getByText('The email or password is wrong.').waitFor());
        assert.equal(await visitor.getByLabel('Email').inputValue(), 'demo@limber.example');
        assert.equal(await visitor.getByLabel('Password').inputValue(), '', 'a password is never sent back');
        await walk.check(visitor, 'sign-in-wrong-password');
        await visitor.context().close();
        walk.lastPage = page;
    });

    await walk.step('a taken record number keeps everything typed and marks that field', async () => {
        await page.goto('/patients/new');
        await page.getByLabel('Full name').fill('Renée Å. Löfgren');
        await page.getByLabel('First name').fill('Renée');
        await page.getByLabel('Record number').fill('BV-1042');
        await page.getByLabel('Handout and check-in language').selectOption('es');
        await page.getByRole('button', {name: 'Add patient'}).click();
        const alert = page.getByRole('alert');
        await assert.doesNotReject(alert.waitFor());
        assert.match(await alert.innerText(), /Record number/, 'the message names the field');
        assert.equal(await page.getByLabel('Full name').inputValue(), 'Renée Å. Löfgren');
        assert.equal(await page.getByLabel('First name').inputValue(), 'Renée');
        assert.equal(await page.getByLabel('Handout and check-in language').inputValue(), 'es');
        const record = page.getByLabel('Record number');
        assert.equal(await record.inputValue(), 'BV-1042');
        assert.equal(await record.getAttribute('aria-invalid'), 'true');
        assert.equal(await page.getByLabel('Full name').getAttribute('aria-invalid'), null);
        const described = await record.getAttribute('aria-describedby');
        assert.ok(described, 'the marked field points at its message');
        assert.match(await page.locator(`#${described}`).innerText(), /record number/i);
        const menu = page.getByRole('navigation', {name: 'Main'});
        assert.equal(await menu.getByRole('link', {name: 'New patient'}).getAttribute('aria-current'), 'page');
        assert.equal(await menu.getByRole('link', {name: 'Patients'}).getAttribute('aria-current'), null);
        await walk.check(page, 'new-patient-error');
    });

    let patientPath;
    await walk.step('fixing the mistake saves the patient once', async () => {
        await page.getByLabel('Record number').fill('BV-2002');
        await Promise.all([page.waitForURL(/\/patients\/\d+$/),
                           page.getByRole('button', {name: 'Add patient'}).click()]);
        patientPath = new URL(page.url()).pathname;
        assert.equal(await page.getByRole('heading', {level: 1}).innerText(), 'Renée Å. Löfgren');
    });

    await walk.step('reload after the POST shows the patient again and sends nothing', async () => {
        let posts = await postsDuring(page, () => page.reload());
        assert.deepEqual(posts, []);
        assert.equal(new URL(page.url()).pathname, patientPath);
        await page.goto('/patients?q=Ren%C3%A9e');
        assert.equal(await page.locator('table tbody tr').count(), 1, 'the patient was added once');
        await page.goBack();
        assert.equal(new URL(page.url()).pathname, patientPath);
        // Further back is the form that had the mistake: shown again as a page, not resent.
        posts = await postsDuring(page, () => page.goBack());
        assert.deepEqual(posts, []);
        assert.equal(new URL(page.url()).pathname, '/patients/new');
        await page.goForward();
        assert.equal(new URL(page.url()).pathname, patientPath);
    });

    await walk.step('the program builder keeps a wrong dose and marks it', async () => {
        await page.getByRole('link', {name: 'Build a program'}).click();
        await page.getByLabel('Program title').fill('Renée: hips');
        await page.locator('#ex-kneeling-hip-flexor-stretch').check();
        await page.locator('#reps-kneeling-hip-flexor-stretch').fill('0');
        await page.locator('#note-kneeling-hip-flexor-stretch').fill('Pad the knee.');
        await page.getByRole('button', {name: 'Save as a new version'}).first().click();
        await assert.doesNotReject(page.getByRole('alert').getByText('Nothing was saved').waitFor());
        assert.equal(await page.getByLabel('Program title').inputValue(), 'Renée: hips');
        const reps = page.locator('#reps-kneeling-hip-flexor-stretch');
        assert.equal(await reps.inputValue(), '0');
        assert.equal(await reps.getAttribute('aria-invalid'), 'true');
        // The message sits beside the field, which points at it; the summary links to it.
        const described = await reps.getAttribute('aria-describedby');
        assert.ok(described && described.includes('reps-kneeling-hip-flexor-stretch-error'));
        assert.match(await page.locator('#reps-kneeling-hip-flexor-stretch-error').innerText(), /must/i);
        assert.equal(await page.getByRole('alert').getByRole('link', {name: /Kneeling hip flexor stretch.*reps/}).getAttribute('href'),
                     '#reps-kneeling-hip-flexor-stretch');
        assert.equal(await page.locator('#note-kneeling-hip-flexor-stretch').inputValue(), 'Pad the knee.');
        assert.ok(await page.locator('#ex-kneeling-hip-flexor-stretch').isChecked());
        await walk.check(page, 'program-builder-error');
    });

    await walk.step('after the fix, back and reload send no form again', async () => {
        await page.locator('#reps-kneeling-hip-flexor-stretch').fill('2');
        await Promise.all([page.waitForURL(`**${patientPath}?saved=1`),
                           page.getByRole('button', {name: 'Save as a new version'}).first().click()]);
        await assert.doesNotReject(page.getByText('version 1', {exact: false}).first().waitFor());
        let posts = await postsDuring(page, () => page.reload());
        assert.deepEqual(posts, []);
        await assert.doesNotReject(page.getByText('version 1', {exact: false}).first().waitFor());
        posts = await postsDuring(page, async () => {
            await page.goBack();
            await page.waitForLoadState('load');
        });
        assert.deepEqual(posts, [], 'going back does not resend the program');
        assert.equal(new URL(page.url()).pathname, `${patientPath}/program`);
        assert.equal(await page.getByLabel('Program title').inputValue(), 'Renée: hips',
                     'the builder shows the saved program');
        await page.goto(patientPath);
        await assert.doesNotReject(page.getByText('version 1', {exact: false}).first().waitFor());
        await walk.check(page, 'patient-after-back-and-reload');
    });

    await walk.step('after signing out, back shows the sign-in page, not the patient', async () => {
        await Promise.all([page.waitForURL('**/login'),
                           page.getByRole('button', {name: 'Sign out'}).click()]);
        await page.goBack();
        await page.waitForLoadState('load');
        assert.equal(new URL(page.url()).pathname, '/login');
        assert.equal(await page.getByText('Renée Å. Löfgren').count(), 0, 'no patient data shows');
        await walk.check(page, 'back-after-sign-out');
    });

    await walk.step('a signed-out visit to a patient page comes back to it after sign-in', async () => {
        await page.goto(`${patientPath}/program`);
        assert.equal(new URL(page.url()).pathname, '/login');
        await signIn(page);
        assert.equal(new URL(page.url()).pathname, `${patientPath}/program`);
        await assert.doesNotReject(page.getByRole('heading', {name: 'Program for Renée Å. Löfgren'}).waitFor());
        const row = await (async () => {
            await page.goto('/patients');
            return patientRow(page, 'Renée Å. Löfgren');
        })();
        assert.equal(row['Program'], 'Renée: hips');
    });
});
