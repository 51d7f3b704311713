// The program builder, as a therapist uses it: reorder and remove exercises with the script and
// without it, add one from the filtered catalog with its drawing, copy another patient's
// program, preview the handout (checked with pdftotext) before saving.
'use strict';

const assert = require('node:assert/strict');
const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const {Walk, DESKTOP} = require('../lib/Walk');
const {signIn} = require('../lib/portal');
const {assertInOrder} = require('../lib/text');

/// Runs action (a click or key that posts the form) and waits for the page the server answers.
async function posting(page, action) {
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' &&
                                                  r.request().resourceType() === 'document'),
                       action()]);
    await page.waitForLoadState('load');
}

/// The exercise ids of the program's list, in order.
function programOrder(page) {
    return page.locator('ol.chosen-list > li').evaluateAll(
        (rows) => rows.map((row) => row.getAttribute('data-exercise')));
}

Walk.run('builder', async (walk) => {
    const page = await walk.page(await walk.context(DESKTOP));
    let builder;

    await walk.step('the builder of a patient with a program lists it first, in order', async () => {
        await page.goto('/login');
        await signIn(page);
        await page.getByRole('link', {name: 'José Núñez-Åberg', exact: true}).first().click();
        await page.waitForURL(/\/patients\/\d+$/);
        builder = new URL(page.url()).pathname + '/program';
        await page.goto(builder);
        assert.deepEqual(await programOrder(page), ['hip-hinge-drill', 'sit-to-stand', 'doorway-chest-stretch']);
        await walk.check(page, 'builder-current');
    });

    await walk.step('move up, move down and remove act at once and keep the focus', async () => {
        await page.getByRole('button', {name: 'Move Doorway chest stretch up'}).click();
        assert.deepEqual(await programOrder(page), ['hip-hinge-drill', 'doorway-chest-stretch', 'sit-to-stand']);
        assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()),
                     '↑ Move Doorway chest stretch up');
        assert.equal(await page.locator('#order-doorway-chest-stretch').inputValue(), '2');
        assert.equal(await page.getByRole('status').filter({hasText: 'position 2 of 3'}).count(), 1,
                     'the move is read out');
        await page.getByRole('button', {name: 'Move Hip hinge with a stick down'}).click();
        assert.deepEqual(await programOrder(page), ['doorway-chest-stretch', 'hip-hinge-drill', 'sit-to-stand']);
        await page.getByRole('button', {name: 'Remove Sit to stand'}).click();
        assert.deepEqual(await programOrder(page), ['doorway-chest-stretch', 'hip-hinge-drill']);
        assert.equal(await page.locator('#ex-sit-to-stand').isChecked(), false);
        assert.equal(await page.locator('#chosen-count').innerText(), '2');
        await walk.check(page, 'builder-moved');
    });

    await walk.step('an exercise found by the filter is added with its drawing, at the end', async () => {
        await page.getByLabel('Find an exercise').fill('rodilla');
        await posting(page, () => page.getByRole('button', {name: 'Show matching exercises'}).click());
        // The redraw kept the unsaved order and removal, and shows only matching exercises.
        assert.deepEqual(await programOrder(page), ['doorway-chest-stretch', 'hip-hinge-drill']);
        const found = await page.locator('ul.available-list > li').evaluateAll(
            (rows) => rows.map((row) => row.getAttribute('data-exercise')));
        assert.ok(found.includes('single-knee-to-chest'), `"rodilla" finds the knee to chest: ${found}`);
        const figure = page.locator('li[data-exercise=single-knee-to-chest] img');
        assert.ok(await figure.evaluate((image) => image.complete && image.naturalWidth > 0));
        await walk.check(page, 'builder-filtered');
        await page.locator('#ex-single-knee-to-chest').check();
        assert.deepEqual(await programOrder(page), ['doorway-chest-stretch', 'hip-hinge-drill', 'single-knee-to-chest']);
        assert.equal(await page.locator('#order-single-knee-to-chest').inputValue(), '3');
    });

    await walk.step('the preview prints what the form holds, nothing saved', async () => {
        await page.locator('#note-single-knee-to-chest').fill('Slowly, one knee at a time.');
        const [response] = await Promise.all([
            page.context().waitForEvent('response', (r) => r.url().endsWith('/program/preview.pdf')),
            page.getByRole('button', {name: /Preview the handout/}).click(),
        ]);
        for (const other of page.context().pages())
            if (other !== page)
                await other.close();
        // Fetch the same preview from the page (the viewer tab keeps no bytes to read).
        const bytes = await page.evaluate(async (address) => {
            const form = document.querySelector('form.program');
            const answer = await fetch(address, {method: 'POST', body: new URLSearchParams(new FormData(form))});
            const data = new Uint8Array(await answer.arrayBuffer());
            let binary = '';
            for (const byte of data)
                binary += String.fromCharCode(byte);
            return {type: answer.headers.get('content-type'), body: btoa(binary)};
        }, builder + '/preview.pdf');
        assert.equal(bytes.type, 'application/pdf');
        assert.equal(response.status(), 200, 'the preview opened in a tab of its own');
        const pdf = walk.artifact('preview.pdf');
        fs.writeFileSync(pdf, Buffer.from(bytes.body, 'base64'));
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'],
                                  {stdio: ['ignore', 'pipe', 'pipe']}).toString('utf8');
        assert.ok(text.includes('José Núñez-Åberg'));
        assert.ok(text.includes('Slowly, one knee at a time.'), 'the unsaved note is printed');
        assertInOrder(text, ['Doorway chest stretch', 'Hip hinge'], 'in the new order');
        assert.ok(!text.includes('Sit to stand'), 'the removed exercise is not printed');
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, walk.artifact('preview')],
                     {stdio: ['ignore', 'pipe', 'pipe']});
        await page.goto(new URL(page.url()).pathname.replace(/\/program$/, ''));
        await assert.doesNotReject(page.getByText('Sit to stand').first().waitFor(), 'nothing was saved');
        assert.equal(await page.locator('ol.versions > li').count(), 1);
    });

    await walk.step('without the script, the buttons post the form and the server redraws it', async () => {
        const plain = await walk.page(await walk.context(DESKTOP, {javaScriptEnabled: false}));
        await plain.goto('/login');
        await signIn(plain);
        await plain.goto(builder);
        await posting(plain, () => plain.getByRole('button', {name: 'Move Sit to stand down'}).click());
        assert.deepEqual(await programOrder(plain), ['hip-hinge-drill', 'doorway-chest-stretch', 'sit-to-stand']);
        await posting(plain, () => plain.getByRole('button', {name: 'Remove Hip hinge with a stick'}).click());
        assert.deepEqual(await programOrder(plain), ['doorway-chest-stretch', 'sit-to-stand']);
        await plain.locator('#sets-doorway-chest-stretch').fill('6');
        await posting(plain, () => plain.locator('#sets-doorway-chest-stretch').press('Enter'));
        // Enter redraws without saving, and shows the guardrail beside the field.
        assert.match(await plain.locator('#sets-doorway-chest-stretch-warning').innerText(), /6 sets/);
        assert.equal(await plain.locator('#sets-doorway-chest-stretch').inputValue(), '6');
        await walk.check(plain, 'builder-without-script');
        await Promise.all([plain.waitForURL(/\?saved=2$/),
                           plain.getByRole('button', {name: 'Save as a new version'}).first().click()]);
        const versions = plain.locator('ol.versions');
        await assert.doesNotReject(versions.getByText('Removed Hip hinge with a stick').waitFor());
        await assert.doesNotReject(versions.getByText('Doorway chest stretch: 1 set → 6 sets').waitFor());
        await walk.check(plain, 'patient-after-plain-save');
        await plain.context().close();
        walk.lastPage = page;
    });

    await walk.step('a new patient starts from a copy of another patient\'s program', async () => {
        await page.goto('/patients/new');
        await page.getByLabel('Full name').fill('Åsa Öberg');
        await page.getByLabel('Record number').fill('BV-3001');
        await Promise.all([page.waitForURL(/\/patients\/\d+$/),
                           page.getByRole('button', {name: 'Add patient'}).click()]);
        await page.getByRole('link', {name: 'Build a program'}).click();
        await page.getByLabel('Name or record number of the other patient').fill('BV-1042');
        await Promise.all([page.waitForURL(/copySearch=BV-1042/),
                           page.getByRole('button', {name: 'Find'}).click()]);
        await walk.check(page, 'builder-copy-search');
        await Promise.all([page.waitForURL(/copyFrom=\d+/),
                           page.getByRole('link', {name: 'Copy José Núñez-Åberg\'s program'}).click()]);
        await assert.doesNotReject(page.getByRole('status').getByText('Copied from José Núñez-Åberg').waitFor());
        assert.deepEqual(await programOrder(page), ['doorway-chest-stretch', 'sit-to-stand']);
        assert.equal(await page.locator('#sets-doorway-chest-stretch').inputValue(), '6');
        await walk.check(page, 'builder-copied');
        await Promise.all([page.waitForURL(/\?saved=1$/),
                           page.getByRole('button', {name: 'Save as a new version'}).first().click()]);
        assert.equal(await page.locator('ol.items > li').count(), 2);
    });

    // Two searches, then a tick: the exercise arrives with its catalog dose (30 s, 3 reps, each
    // side), never blanks or "both sides together", with the script and without it.
    for (const javaScriptEnabled of [true, false]) {
        await walk.step(`an exercise found by a second search keeps its default dose (script ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
            const context = javaScriptEnabled ? page.context() : await walk.context(DESKTOP, {javaScriptEnabled});
            const tab = javaScriptEnabled ? page : await walk.page(context);
            if (!javaScriptEnabled) {
                await tab.goto('/login');
                await signIn(tab);
            }
            await tab.goto('/patients/new');
            await tab.getByLabel('Full name').fill(javaScriptEnabled ? 'Rafa Ibáñez' : 'Noor Haddad');
            await tab.getByLabel('Record number').fill(javaScriptEnabled ? 'BV-3002' : 'BV-3003');
            await Promise.all([tab.waitForURL(/\/patients\/\d+$/),
                               tab.getByRole('button', {name: 'Add patient'}).click()]);
            const patient = new URL(tab.url()).pathname;
            await tab.goto(patient + '/program');
            await tab.getByLabel('Program title').fill('Hamstrings');
            for (const words of ['puente', 'hamstring']) {
                await tab.getByLabel('Find an exercise').fill(words);
                await posting(tab, () => tab.getByLabel('Find an exercise').press('Enter'));
            }
            const box = tab.locator('#ex-supine-hamstring-stretch');
            if (javaScriptEnabled) {
                await box.check();
                assert.deepEqual(await programOrder(tab), ['supine-hamstring-stretch']);
            } else {
                await box.check();
            }
            assert.equal(await tab.locator('#hold-supine-hamstring-stretch').inputValue(), '30');
            assert.equal(await tab.locator('#unit-supine-hamstring-stretch').inputValue(), 'seconds');
            assert.equal(await tab.locator('#reps-supine-hamstring-stretch').inputValue(), '3');
            assert.equal(await tab.locator('#side-supine-hamstring-stretch').inputValue(), 'each');
            await walk.check(tab, `builder-second-search-${javaScriptEnabled ? 'script' : 'plain'}`);
            await Promise.all([tab.waitForURL(/\?saved=1$/),
                               tab.getByRole('button', {name: 'Save as a new version'}).first().click()]);
            await tab.goto(patient + '/program');
            assert.deepEqual(await programOrder(tab), ['supine-hamstring-stretch']);
            assert.equal(await tab.locator('#side-supine-hamstring-stretch').inputValue(), 'each');
            assert.equal(await tab.locator('#hold-supine-hamstring-stretch').inputValue(), '30');
            if (!javaScriptEnabled) {
                await context.close();
                walk.lastPage = page;
            }
        });
    }
});
