// A Spanish-speaking patient of the demo clinic (Lucía) on her phone, with and without
// JavaScript: every word of her page and handout is Spanish; each exercise opens to its steps,
// precautions and the therapist's note; the beep-and-vibrate switch is a switch, not one more
// tick box; what she has done folds away, so the page stays short.
'use strict';

const assert = require('node:assert/strict');
const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const {Walk, DESKTOP, PHONE} = require('../lib/Walk');
const {signIn} = require('../lib/portal');

const PATIENT = 'Lucía Fernández';
// Words a page or handout in Spanish must not hold (the demo's English texts and the English
// page's own words).
const ENGLISH = ['Stretch to mild tension', 'Every day now', 'Longer holds', 'One more exercise',
                 'New this week', 'Back care', "Runner's back care", 'Desk worker', 'Balance and',
                 'Gentle start', 'How to do it', 'Take care', 'From your therapist', 'Done', 'Hello'];

function assertSpanish(text, where) {
    for (const word of ENGLISH)
        assert.ok(!text.includes(word), `"${word}" (English) on ${where}`);
}

/// The page's height in screens of the phone's viewport.
async function screens(page) {
    return page.evaluate(() => document.documentElement.scrollHeight / window.innerHeight);
}

Walk.run('phone', async (walk) => {
    const clinic = await walk.page(await walk.context(DESKTOP));
    let link;
    let programTitle;
    await walk.step('the therapist opens Lucía\'s page: her program is titled in Spanish', async () => {
        await clinic.goto('/login');
        await signIn(clinic);
        await clinic.goto('/patients?q=Lucia');
        await clinic.getByRole('link', {name: PATIENT, exact: true}).first().click();
        await clinic.waitForURL(/\/patients\/\d+$/);
        link = (await clinic.locator('.link-box code').first().innerText()).trim();
        assert.match(link, /\/p\/[A-Za-z0-9_-]+$/);
    });

    await walk.step('her handout is Spanish throughout', async () => {
        const pdf = walk.artifact('lucia-handout.pdf');
        const bytes = await clinic.evaluate(async (address) => {
            const answer = await fetch(address);
            const data = new Uint8Array(await answer.arrayBuffer());
            let binary = '';
            for (const byte of data)
                binary += String.fromCharCode(byte);
            return btoa(binary);
        }, new URL(clinic.url()).pathname + '/handout.pdf');
        fs.writeFileSync(pdf, Buffer.from(bytes, 'base64'));
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'],
                                  {stdio: ['ignore', 'pipe', 'pipe']}).toString('utf8');
        assert.ok(text.includes('Lucía'), 'the handout names her');
        assert.ok(/Estire hasta notar una tensión suave|Ahora todos los días|mantenga cada postura|Hemos añadido/.test(text),
                  'the program\'s note is Spanish');
        assertSpanish(text, 'the handout');
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf,
                                  walk.artifact('lucia-handout')], {stdio: ['ignore', 'pipe', 'pipe']});
    });

    const phone = await walk.page(await walk.context(PHONE));
    let exercises;
    await walk.step('her phone page is Spanish, each exercise open with its dose and ticks', async () => {
        await phone.goto(link);
        assert.equal(await phone.getAttribute('html', 'lang'), 'es');
        await phone.getByRole('heading', {name: 'Hola, Lucía'}).waitFor();
        programTitle = (await phone.locator('.checkin > p.muted').first().innerText()).trim();
        assertSpanish(await phone.locator('main').innerText(), 'the check-in page');
        exercises = phone.locator('details.exercise');
        assert.ok(await exercises.count() >= 2, 'the program has exercises');
        for (const exercise of await exercises.all()) {
            assert.ok(await exercise.evaluate((d) => d.open), 'nothing is done yet: every exercise is open');
            assert.ok(!(await exercise.locator('ol.steps').isVisible()), 'the steps wait behind "Cómo hacerlo"');
        }
        const width = await phone.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `nothing sticks out sideways (page is ${width} px wide)`);
        await walk.check(phone, 'checkin-open');
    });

    await walk.step('an exercise opens to its steps, precautions and drawing', async () => {
        const first = exercises.first();
        await first.getByText('Cómo hacerlo').click();
        const steps = first.locator('ol.steps li');
        assert.ok(await steps.count() >= 2, 'numbered steps');
        assert.ok(await steps.first().isVisible());
        assertSpanish(await first.innerText(), 'the instructions');
        const figure = first.locator('img.exercise-figure');
        assert.ok(await figure.evaluate((image) => image.complete && image.naturalWidth > 0));
        await first.scrollIntoViewIfNeeded();
        await phone.screenshot({path: walk.artifact('how-to-viewport.png')});
        await walk.check(phone, 'checkin-how-to');
        // Every exercise of the pack has steps; those with precautions show them under
        // "Precauciones".
        const precautions = phone.locator('details.exercise ul.precautions');
        if (await precautions.count() > 0)
            assert.equal(await phone.locator('.precautions-title').first().innerText(), 'Precauciones');
        await first.getByText('Cómo hacerlo').click();
    });

    await walk.step('beep and vibrate is a switch beside the timers, not a tick box', async () => {
        const toggle = phone.getByRole('switch', {name: /Pitido y vibración/});
        assert.equal(await toggle.count(), 1);
        assert.equal(await toggle.evaluate((e) => e.tagName), 'BUTTON');
        assert.equal(await toggle.getAttribute('aria-checked'), 'true');
        assert.match(await toggle.innerText(), /Sí/);
        assert.equal(await phone.locator('input[type=checkbox]:not([name=done])').count(), 0,
                     'the only tick boxes are the exercises\'');
        const boxes = await phone.locator('label.check').evaluateAll((labels) =>
            labels.map((l) => l.getBoundingClientRect().height));
        const switchBox = await toggle.boundingBox();
        assert.ok(switchBox.height < Math.min(...boxes), 'it is drawn smaller than a tick box');
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-checked'), 'false');
        assert.match(await toggle.innerText(), /No/);
        await walk.check(phone, 'checkin-sound-off');
        await phone.reload();
        assert.equal(await phone.getByRole('switch').getAttribute('aria-checked'), 'false',
                     'the phone remembers the choice');
        await phone.getByRole('switch').click();
    });

    await walk.step('ticking every side of an exercise folds it; the page gets shorter', async () => {
        const before = await screens(phone);
        const first = exercises.first();
        for (const box of await first.locator('input[name=done]').all())
            await box.check();
        assert.equal(await first.evaluate((d) => d.open), false, 'the done exercise folded');
        assert.match(await first.locator('summary .exercise-state').innerText(), /Hecho/);
        assert.ok(await screens(phone) < before, 'the page is shorter');
        await first.locator('summary').first().click();
        assert.ok(await first.evaluate((d) => d.open), 'a folded exercise opens again on a tap');
        await first.locator('summary').first().click();
    });

    await walk.step('a whole session saved: everything done is folded, the page short', async () => {
        for (const box of await phone.locator('input[name=done]').all())
            await box.check();
        await phone.getByRole('group', {name: /Dolor antes/}).getByLabel('3', {exact: true}).check();
        await Promise.all([phone.waitForURL('**/p?saved=1'),
                           phone.getByRole('button', {name: /Guardar la sesión/}).click()]);
        for (const exercise of await exercises.all())
            assert.equal(await exercise.evaluate((d) => d.open), false, 'done and folded');
        const length = await screens(phone);
        assert.ok(length <= 3.2, `the saved page is ${length.toFixed(1)} screens long`);
        await walk.check(phone, 'checkin-saved-folded');
    });

    await walk.step('without JavaScript: the same folds, instructions and saving', async () => {
        const plain = await walk.page(await walk.context(PHONE, {javaScriptEnabled: false}));
        await plain.goto(link);
        await plain.goto('/p?date=' + await phone.evaluate(() => {
            const d = new Date(Date.now() - 86400000);
            return d.toISOString().slice(0, 10);
        }));
        assert.equal(await plain.locator('[role=switch]').count(), 0, 'no timer, no switch');
        const folds = plain.locator('details.exercise');
        const first = folds.first();
        await first.getByText('Cómo hacerlo').click();
        assert.ok(await first.locator('ol.steps li').first().isVisible(), 'the steps open');
        for (const box of await first.locator('input[name=done]').all())
            await box.check();
        await Promise.all([plain.waitForURL(/saved=1/),
                           plain.getByRole('button', {name: /Guardar la sesión/}).click()]);
        assert.equal(await plain.locator('details.exercise').first().evaluate((d) => d.open), false,
                     'the server folds what is done');
        assert.ok(await plain.locator('details.exercise').nth(1).evaluate((d) => d.open),
                  'what is not done stays open');
        assertSpanish(await plain.locator('main').innerText(), 'the page without scripts');
        await walk.check(plain, 'checkin-no-script');
    });
    assert.ok(programTitle.length > 0);
});
