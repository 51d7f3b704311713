// The therapist's day with a new patient, end to end: sign in, add a patient with an accented
// name, build a program from a template, edit a dose (its guardrail shown beside it), print the
// handout; the patient opens the printed link on a phone, times a stretch with the hold timer
// (switching sides on its cue), gives a pain score and saves; the therapist sees it on the
// patient list and the patient page.
'use strict';

const assert = require('node:assert/strict');
const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const {Walk, DESKTOP, PHONE} = require('../lib/Walk');
const {signIn, patientRow, today} = require('../lib/portal');

const PATIENT = 'Zoë Ørsted-Núñez';
const FIRST_NAME = 'Zoë';
const RECORD = 'BV-2001';

Walk.run('therapist', async (walk) => {
    const clinic = await walk.context(DESKTOP);
    const page = await walk.page(clinic);

    await walk.step('a signed-out visit to the portal opens the sign-in page', async () => {
        await page.goto('/');
        assert.equal(new URL(page.url()).pathname, '/login');
        await walk.check(page, 'sign-in');
    });

    await walk.step('the therapist signs in and sees the patient list', async () => {
        await signIn(page);
        assert.equal(new URL(page.url()).pathname, '/patients');
        await assert.doesNotReject(page.getByRole('heading', {name: 'Patients', level: 1}).waitFor());
        await walk.check(page, 'patients');
    });

    let patientPath;
    await walk.step('adds a patient with an accented name, who reads Spanish', async () => {
        await page.getByRole('link', {name: 'New patient'}).first().click();
        await page.waitForURL('**/patients/new');
        await walk.check(page, 'new-patient');
        await page.getByLabel('Full name').fill(PATIENT);
        await page.getByLabel('First name').fill(FIRST_NAME);
        await page.getByLabel('Record number').fill(RECORD);
        await page.getByLabel('Handout and check-in language').selectOption('es');
        await Promise.all([page.waitForURL(/\/patients\/\d+$/),
                           page.getByRole('button', {name: 'Add patient'}).click()]);
        patientPath = new URL(page.url()).pathname;
        assert.equal(await page.getByRole('heading', {level: 1}).innerText(), PATIENT);
        await assert.doesNotReject(page.getByText(`Record ${RECORD} · Spanish`).waitFor());
        await walk.check(page, 'patient-new-no-program');
    });

    await walk.step('builds the program from a template, in the patient\'s language', async () => {
        await page.getByRole('link', {name: 'Build a program'}).click();
        await page.waitForURL(`**${patientPath}/program`);
        await walk.check(page, 'program-builder-empty');
        await page.getByLabel(/^Template/).selectOption('runners-back-care');
        await Promise.all([page.waitForURL('**template=runners-back-care'),
                           page.getByRole('button', {name: 'Use this template'}).click()]);
        await assert.doesNotReject(page.getByRole('status').getByText('Filled in from the template').waitFor());
        const chosen = await page.locator('ol.chosen-list > li').evaluateAll(
            (rows) => rows.map((row) => row.getAttribute('data-exercise')));
        assert.deepEqual(chosen, ['back-flexion-stretch', 'single-knee-to-chest',
                                  'kneeling-hip-flexor-stretch', 'tree-pose']);
        // The template speaks the patient's language: Spanish title and notes.
        assert.notEqual(await page.getByLabel('Program title').inputValue(), '');
        const figures = await page.locator('ol.chosen-list img').evaluateAll(
            (images) => images.map((image) => image.complete && image.naturalWidth > 0));
        assert.deepEqual(figures, [true, true, true, true], 'every exercise shows its drawing');
        await walk.check(page, 'program-builder-template');
        await page.getByLabel('Program title').fill('Zoë: espalda y caderas');
    });

    await walk.step('edits a dose: a hold too short is flagged beside the field, then fixed', async () => {
        assert.equal(await page.locator('#side-kneeling-hip-flexor-stretch').inputValue(), 'each-one-side-first',
                     'the kneeling lunge arrives all reps on one side first, as the catalog says');
        assert.equal(await page.locator('#side-single-knee-to-chest').inputValue(), 'each');
        const hold = page.locator('#hold-kneeling-hip-flexor-stretch');
        await hold.fill('8');
        await hold.press('Tab');
        const warning = page.locator('#hold-kneeling-hip-flexor-stretch-warning');
        await assert.doesNotReject(warning.waitFor());
        assert.match(await warning.innerText(), /10 to 60 seconds; 8 s is short/);
        assert.match(await hold.getAttribute('aria-describedby'), /hold-kneeling-hip-flexor-stretch-warning/);
        await walk.check(page, 'program-builder-warning');
        await hold.fill('25');
        await hold.press('Tab');
        await warning.waitFor({state: 'detached'});
        assert.equal(await hold.getAttribute('aria-describedby'), null);
        await page.locator('#note-kneeling-hip-flexor-stretch').fill('Pon una toalla bajo la rodilla.');
        await page.getByLabel('Warm up before every workout').check();
        await Promise.all([page.waitForURL(`**${patientPath}?saved=1`),
                           page.getByRole('button', {name: 'Save as a new version'}).first().click()]);
        await assert.doesNotReject(page.getByText('Program saved as a new version').waitFor());
        await assert.doesNotReject(page.getByText('version 1', {exact: false}).first().waitFor());
        const items = await page.locator('ol.items > li').allInnerTexts();
        assert.equal(items.length, 4, `four exercises in the program: ${items}`);
        assert.match(items.join('\n'), /Kneeling hip flexor stretch[\s\S]*Hold 25 s · 2 reps · each side/);
        await walk.check(page, 'patient-program-saved');
    });

    await walk.step('changes a dose again, which makes version 2 with the change listed', async () => {
        await page.getByRole('link', {name: 'Edit program'}).click();
        await page.waitForURL(`**${patientPath}/program`);
        assert.equal(await page.locator('#hold-kneeling-hip-flexor-stretch').inputValue(), '25');
        await page.locator('#reps-kneeling-hip-flexor-stretch').fill('3');
        await walk.check(page, 'program-builder-edit');
        await Promise.all([page.waitForURL(`**${patientPath}?saved=2`),
                           page.getByRole('button', {name: 'Save as a new version'}).first().click()]);
        const items = (await page.locator('ol.items > li').allInnerTexts()).join('\n');
        assert.match(items, /Kneeling hip flexor stretch[\s\S]*Hold 25 s · 3 reps · each side/);
        const versions = page.locator('ol.versions');
        await assert.doesNotReject(versions.getByText(
            'Kneeling hip flexor stretch (kneeling lunge): 2 reps → 3 reps').waitFor());
        await walk.check(page, 'patient-version-2');
    });

    await walk.step('prints the handout: a PDF with the patient, the program and the new dose', async () => {
        // Chromium shows the PDF in its own viewer (the handout is served inline, ready to
        // print); back on the patient page, the walk fetches the same address from the page,
        // with the browser's own cookies, to keep the bytes.
        const [response] = await Promise.all([
            page.waitForResponse((r) => new URL(r.url()).pathname === `${patientPath}/handout.pdf`),
            page.getByRole('link', {name: 'Print handout'}).click(),
        ]);
        assert.equal(response.status(), 200);
        assert.equal(response.headers()['content-type'], 'application/pdf');
        const pdf = walk.artifact('handout.pdf');
        await page.goBack();
        const bytes = await page.evaluate(async (address) => {
            const answer = await fetch(address);
            const data = new Uint8Array(await answer.arrayBuffer());
            let binary = '';
            for (const byte of data)
                binary += String.fromCharCode(byte);
            return btoa(binary);
        }, `${patientPath}/handout.pdf`);
        fs.writeFileSync(pdf, Buffer.from(bytes, 'base64'));
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'],
                                  {stdio: ['ignore', 'pipe', 'pipe']}).toString('utf8');
        assert.ok(text.includes(PATIENT), `the handout names ${PATIENT}`);
        assert.ok(text.includes('Zoë: espalda y caderas'), 'the handout carries the title');
        assert.match(text, /25 s/, 'the handout shows the changed hold');
        assert.match(text, /cada lado: todas las repeticiones\s+de\s+un\s+lado,\s+luego\s+cambie/,
                     'the handout says the kneeling lunge is done one side first');
        assert.ok(text.includes('Pon una toalla bajo la rodilla.'), 'the note is printed');
        // The link itself is in the QR code; the text gives its short code and where to type it.
        assert.match(text, /\/p\/code/, 'the handout says where to type the check-in code');
        assert.match(text, /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/, 'the handout prints the check-in code');
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf,
                                  walk.artifact('handout')], {stdio: ['ignore', 'pipe', 'pipe']});
    });

    let link;
    await walk.step('the patient page shows the check-in link printed on the handout', async () => {
        link = (await page.locator('.link-box code').first().innerText()).trim();
        assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/p\/[A-Za-z0-9_-]+$/);
    });

    const phone = await walk.context(PHONE);
    const patientPage = await walk.page(phone);
    // The hold timer runs on the page's clock, which the walk moves on instead of waiting.
    await patientPage.clock.install();
    await walk.step('the patient opens the link on a phone and sees the page in Spanish', async () => {
        await patientPage.goto(link);
        assert.equal(new URL(patientPage.url()).pathname, '/p', 'the token leaves the address bar');
        assert.equal(await patientPage.getAttribute('html', 'lang'), 'es');
        await assert.doesNotReject(
            patientPage.getByRole('heading', {name: `Hola, ${FIRST_NAME}`}).waitFor());
        const width = await patientPage.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `nothing sticks out sideways at 360 px (page is ${width} px wide)`);
        await walk.check(patientPage, 'checkin-phone');
    });

    await walk.step('times the kneeling lunge all on the left, then switches once to the right', async () => {
        const card = patientPage.locator('fieldset.exercise-check', {has: patientPage.locator('#done-kneeling-hip-flexor-stretch-left')});
        await card.getByText('Cómo hacerlo').click();
        const figure = card.locator('img.exercise-figure');
        assert.ok(await figure.evaluate((image) => image.complete && image.naturalWidth > 0),
                  'the exercise shows its drawing');
        assert.match(await figure.getAttribute('alt'), /^Dibujo de /);
        await card.getByRole('button', {name: /Iniciar el temporizador/}).click();
        const phase = card.locator('.timer-phase');
        assert.match(await phase.innerText(), /Lado izquierdo · Prepárese/);
        assert.equal(await patientPage.evaluate(() => document.activeElement.textContent), 'Pausa',
                     'the focus moves to the timer\'s Pause button');
        await patientPage.clock.runFor(3000 + 1000);
        assert.match(await phase.innerText(), /Lado izquierdo · Mantenga/);
        assert.equal(await card.locator('.timer-number').innerText(), '24');
        await walk.check(patientPage, 'checkin-timer-hold');
        const detail = card.locator('.timer-detail');
        // One side first (the catalog's way for a kneeling lunge): a rest, not a switch,
        // after the first hold, and the second repetition is on the left again.
        await patientPage.clock.runFor(24000 + 500);
        assert.match(await phase.innerText(), /Relájese/);
        await patientPage.clock.runFor(5000);
        assert.match(await phase.innerText(), /Lado izquierdo · Mantenga/);
        assert.match(await detail.innerText(), /Repetición 2 de 3/);
        // The third left hold ends 88 s in (3 ready + 3 x 25 hold + 2 x 5 rest): then the
        // one switch, and the right side counts its repetitions from 1 again.
        await patientPage.clock.runFor(55000);
        assert.match(await phase.innerText(), /Cambie de lado: Lado derecho/);
        await walk.check(patientPage, 'checkin-timer-switch-sides');
        await patientPage.clock.runFor(5000);
        assert.match(await phase.innerText(), /Lado derecho · Mantenga/);
        assert.match(await detail.innerText(), /Repetición 1 de 3/);
        // Three holds on the right and the rests between them.
        await patientPage.clock.runFor(10 * 60 * 1000);
        await assert.doesNotReject(card.getByRole('status').getByText('¡Muy bien!').waitFor());
        assert.ok(await card.locator('#done-kneeling-hip-flexor-stretch-left').isChecked());
        assert.ok(await card.locator('#done-kneeling-hip-flexor-stretch-right').isChecked());
    });

    await walk.step('times the knee to chest stretch switching sides after every repetition', async () => {
        const card = patientPage.locator('fieldset.exercise-check', {has: patientPage.locator('#done-single-knee-to-chest-left')});
        assert.equal(await card.getAttribute('data-side-order'), null, 'alternating, as before');
        await card.getByText('Cómo hacerlo').click();
        await card.getByRole('button', {name: /Iniciar el temporizador/}).click();
        const phase = card.locator('.timer-phase');
        const detail = card.locator('.timer-detail');
        await patientPage.clock.runFor(3000 + 1000);
        assert.match(await phase.innerText(), /Lado izquierdo · Mantenga/);
        await patientPage.clock.runFor(30000);
        assert.match(await phase.innerText(), /Cambie de lado: Lado derecho/);
        assert.match(await detail.innerText(), /Repetición 1 de 2/);
        await patientPage.clock.runFor(5000);
        assert.match(await phase.innerText(), /Lado derecho · Mantenga/);
        await patientPage.clock.runFor(30000);
        assert.match(await phase.innerText(), /Relájese/);
        await patientPage.clock.runFor(5000);
        assert.match(await phase.innerText(), /Lado izquierdo · Mantenga/);
        assert.match(await detail.innerText(), /Repetición 2 de 2/);
        await patientPage.clock.runFor(10 * 60 * 1000);
        await assert.doesNotReject(card.getByRole('status').getByText('¡Muy bien!').waitFor());
        assert.ok(await card.locator('#done-single-knee-to-chest-right').isChecked());
    });

    await walk.step('ticks the other exercises, gives a pain score and saves, in Spanish', async () => {
        for (const box of await patientPage.locator('input[name=done]').all())
            await box.check();
        await patientPage.getByRole('group', {name: /Dolor antes/}).getByLabel('4', {exact: true}).check();
        await patientPage.getByRole('group', {name: /Dolor después/}).getByLabel('2', {exact: true}).check();
        await patientPage.getByLabel('Adecuado').check();
        await patientPage.getByLabel('¿Algo que decir a su terapeuta?').fill('Me fue bien, gracias.');
        await walk.check(patientPage, 'checkin-filled');
        await Promise.all([patientPage.waitForURL('**/p?saved=1'),
                           patientPage.getByRole('button', {name: 'Guardar la sesión de hoy'}).click()]);
        await assert.doesNotReject(patientPage.getByRole('status').getByText('Guardado').waitFor());
        assert.equal(await patientPage.locator('input[name=painBefore]:checked').inputValue(), '4',
                     'the saved pain shows');
        await walk.check(patientPage, 'checkin-saved');
    });

    await walk.step('the therapist sees the session on the patient list and the patient page', async () => {
        await page.goto('/patients');
        const row = await patientRow(page, PATIENT);
        assert.equal(row['Last session'], today());
        assert.equal(row['Program'], 'Zoë: espalda y caderas');
        // The program started today: no percentage before a prescribed day has ended.
        assert.equal(row['Days done, last 14 days'], '–', 'no "0%" or "100%" on the first day');
        await walk.check(page, 'patients-after-checkin');
        await page.getByRole('link', {name: PATIENT, exact: true}).click();
        const sessions = page.locator('section', {has: page.getByRole('heading', {name: 'Sessions'})});
        const session = sessions.locator('tbody tr', {hasText: today()});
        await assert.doesNotReject(session.waitFor());
        const cells = await session.locator('td').allInnerTexts();
        assert.deepEqual(cells.slice(0, 4), [today(), '7 of 7 sides', '4', '2']);
        assert.ok(cells.includes('Me fue bien, gracias.'), 'the note reaches the therapist');
        await walk.check(page, 'patient-with-session');
    });

    await walk.step('the patient page prints without menus or buttons, tables whole', async () => {
        const pdf = walk.artifact('patient-page-print.pdf');
        await page.emulateMedia({media: 'print'});
        await page.screenshot({path: walk.artifact('patient-page-print-preview.png'), fullPage: true});
        await page.pdf({path: pdf, format: 'A4', printBackground: true});
        await page.emulateMedia({media: 'screen'});
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', pdf, '-'],
                                  {stdio: ['ignore', 'pipe', 'pipe']}).toString('utf8');
        assert.ok(text.includes(PATIENT), 'the printout names the patient');
        assert.match(text, /Pain before/, 'the sessions table is printed');
        for (const left of ['Sign out', 'Edit program', 'Print handout', 'Make a new link', 'Skip to content'])
            assert.ok(!text.includes(left), `"${left}" is not printed`);
        execFileSync('pdftoppm', ['-png', '-r', '60', pdf, walk.artifact('patient-page-print')],
                     {stdio: ['ignore', 'pipe', 'pipe']});
    });
});
