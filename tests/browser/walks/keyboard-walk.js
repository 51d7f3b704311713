// Keyboard only: the tab order of the sign-in and check-in forms, a visible focus on every stop,
// the skip link, and a whole check-in done without touching the screen.
'use strict';

const assert = require('node:assert/strict');
const {Walk, DESKTOP, PHONE} = require('../lib/Walk');
const {DEMO_EMAIL, DEMO_PASSWORD} = require('../lib/portal');

/// What has the keyboard focus, and whether the focus can be seen (an outline of 2 px or more).
async function focused(page) {
    return page.evaluate(() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return {
            tag: element.tagName.toLowerCase(),
            id: element.id,
            className: element.className || '',
            type: element.getAttribute('type') || '',
            text: (element.innerText || element.value || '').trim().slice(0, 60),
            label: element.labels && element.labels[0] ? element.labels[0].innerText.trim() : '',
            outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight + 1,
        };
    });
}

/// Presses Tab and checks that the next stop is expected(stop) and can be seen; returns it.
async function tabTo(page, description, expected) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    assert.ok(expected(stop), `Tab should reach ${description}, reached ${JSON.stringify(stop)}`);
    assert.ok(stop.outlined, `the focus on ${description} is visible`);
    assert.ok(stop.onScreen, `${description} is on screen when focused`);
    return stop;
}

Walk.run('keyboard', async (walk) => {
    const page = await walk.page(await walk.context(DESKTOP));

    await walk.step('the sign-in form in tab order: skip link, home, email, password, button', async () => {
        await page.goto('/login');
        await tabTo(page, 'the skip link', (s) => s.tag === 'a' && s.text === 'Skip to content');
        await walk.check(page, 'sign-in-skip-link-focused');
        await tabTo(page, 'the Limber home link', (s) => s.tag === 'a' && s.text === 'Limber');
        await tabTo(page, 'the email field', (s) => s.id === 'email');
        await page.keyboard.type(DEMO_EMAIL);
        await tabTo(page, 'the password field', (s) => s.id === 'password');
        await page.keyboard.type(DEMO_PASSWORD);
        await tabTo(page, 'the sign-in button', (s) => s.tag === 'button' && s.text === 'Sign in');
        await walk.check(page, 'sign-in-button-focused');
        await Promise.all([page.waitForURL('**/patients'), page.keyboard.press('Enter')]);
    });

    await walk.step('the skip link jumps past the menu to the page itself', async () => {
        await page.keyboard.press('Tab');
        assert.equal((await focused(page)).text, 'Skip to content');
        await page.keyboard.press('Enter');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
        await tabTo(page, 'the first control of the page', (s) => s.text === 'New patient' && / button/.test(' ' + s.className));
        await walk.check(page, 'patients-after-skip-link');
    });

    let link;
    let language;
    await walk.step('the menu and a patient are reached by keyboard', async () => {
        await page.keyboard.press('Tab'); // the search field
        await page.keyboard.type('Núñez');
        await Promise.all([page.waitForURL(/q=/), page.keyboard.press('Enter')]);
        const rows = page.locator('table tbody tr');
        assert.equal(await rows.count(), 1);
        await page.getByRole('link', {name: 'José Núñez-Åberg'}).focus();
        await Promise.all([page.waitForURL(/\/patients\/\d+$/), page.keyboard.press('Enter')]);
        link = (await page.locator('.link-box code').innerText()).trim();
        language = /· Spanish/.test(await page.locator('.page-head').innerText()) ? 'es' : 'en';
    });

    const phone = await walk.page(await walk.context(PHONE));
    await walk.step('the check-in page at phone size, in the patient\'s language', async () => {
        await phone.goto(link);
        assert.equal(await phone.getAttribute('html', 'lang'), language);
        await walk.check(phone, 'checkin-phone-keyboard');
    });

    await walk.step('the hold timer works from the keyboard: start, pause, go on, stop', async () => {
        await phone.clock.install();
        await phone.reload();
        const start = phone.getByRole('button', {name: /^(Start the timer|Iniciar el temporizador)/}).first();
        await start.focus();
        await phone.keyboard.press('Enter');
        let stop = await focused(phone);
        assert.match(stop.text, /^(Pause|Pausa)$/, 'the focus moves to Pause');
        assert.ok(stop.outlined, 'the focus on Pause is visible');
        await phone.clock.runFor(5000);
        const card = phone.locator('fieldset.exercise-check.timing');
        const before = await card.locator('.timer-number').innerText();
        await phone.keyboard.press('Enter'); // pause
        await phone.clock.runFor(5000);
        assert.equal(await card.locator('.timer-number').innerText(), before, 'a paused timer stands still');
        await phone.keyboard.press('Enter'); // go on
        await tabTo(phone, 'the timer\'s Stop button', (s) => /^(Stop|Parar)$/.test(s.text));
        await phone.keyboard.press('Enter');
        stop = await focused(phone);
        assert.match(stop.text, /^(Start the timer|Iniciar el temporizador)/, 'the focus returns to Start');
        assert.equal(await phone.locator('fieldset.exercise-check.timing').count(), 0, 'no timer runs');
        await walk.check(phone, 'checkin-timer-keyboard');
    });

    await walk.step('the check-in form in tab order, filled with the keyboard alone', async () => {
        await phone.reload();
        // Tab stops between the exercises' boxes: the sound switch, each exercise's fold and its
        // "How to do it", and each timer's Start.
        const between = (s) => s.id === 'timer-sound' || s.tag === 'summary' ||
            /^(Start the timer|Iniciar el temporizador)/.test(s.text);
        async function tabPast(description, expected) {
            for (let i = 0; i < 12; i++) {
                const stop = await tabTo(phone, description, (s) => expected(s) || between(s));
                if (expected(stop))
                    return stop;
            }
            throw new Error(`Tab never reached ${description}`);
        }
        await phone.locator('h1').click();
        const boxes = await phone.locator('input[name=done]').count();
        assert.ok(boxes >= 2, 'the exercises have check boxes');
        for (let i = 0; i < boxes; i++) {
            const stop = await tabPast(`exercise check box ${i + 1}`, (s) => s.type === 'checkbox' && s.id.startsWith('done-'));
            if (i % 2 === 0)
                await phone.keyboard.press('Space');
            assert.ok(stop.label, 'every check box has a label');
        }
        // The pain scales: one tab stop each; the arrow keys pick a number.
        await tabTo(phone, 'pain before', (s) => s.id === 'painBefore-0');
        for (let i = 0; i < 3; i++)
            await phone.keyboard.press('ArrowRight');
        await tabTo(phone, 'pain after', (s) => s.id === 'painAfter-0');
        await phone.keyboard.press('ArrowRight');
        await tabTo(phone, 'how hard it was (one stop for the group)', (s) => s.type === 'radio' && s.id.startsWith('difficulty-'));
        await phone.keyboard.press('ArrowDown');
        await tabTo(phone, 'the note', (s) => s.id === 'note');
        await phone.keyboard.type('Done before breakfast.');
        await walk.check(phone, 'checkin-keyboard-filled');
        await tabTo(phone, 'the save button', (s) => s.tag === 'button');
        await Promise.all([phone.waitForURL('**/p?saved=1'), phone.keyboard.press('Enter')]);
        await assert.doesNotReject(phone.getByRole('status').first().waitFor());
        assert.equal(await phone.locator('input[name=painBefore]:checked').inputValue(), '3');
        assert.equal(await phone.locator('input[name=painAfter]:checked').inputValue(), '1');
        assert.equal(await phone.locator('#note').inputValue(), 'Done before breakfast.');
        const ticked = await phone.locator('input[name=done]:checked').count();
        assert.equal(ticked, Math.ceil(boxes / 2), 'the boxes ticked with Space were saved');
        assert.equal(await phone.locator('input[name=difficulty]:checked').count(), 1,
                     'a difficulty was chosen with the arrow keys');
        await walk.check(phone, 'checkin-keyboard-saved');
    });
});
