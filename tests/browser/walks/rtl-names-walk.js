// A Hebrew patient in a list of Latin names: the name keeps its own direction and does not
// carry the numbers and punctuation after it into its order.
'use strict';

const assert = require('node:assert/strict');
const {Walk, DESKTOP} = require('../lib/Walk');
const {signIn, patientRow} = require('../lib/portal');

const NAME = 'מרים כהן';
const FIRST_NAME = 'מרים';
const RECORD = 'ת-12';

/// The screen box of the first occurrence of text inside the element matched by selector,
/// measured on the text itself (a Range), whatever element holds it.
async function textBox(page, selector, text) {
    return page.locator(selector).first().evaluate((element, wanted) => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(wanted);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + wanted.length);
                const box = range.getBoundingClientRect();
                return {left: box.left, right: box.right};
            }
        }
        return null;
    }, text);
}

Walk.run('rtl-names', async (walk) => {
    const page = await walk.page(await walk.context(DESKTOP));

    await walk.step('the therapist signs in and adds a patient named in Hebrew', async () => {
        await page.goto('/');
        await signIn(page);
        await page.goto('/patients/new');
        assert.equal(await page.getByLabel('Full name').getAttribute('dir'), 'auto');
        await page.getByLabel('Full name').fill(NAME);
        await page.getByLabel(/^First name/).fill(FIRST_NAME);
        await page.getByLabel('Record number').fill(RECORD);
        await Promise.all([page.waitForURL(/\/patients\/\d+$/),
                           page.getByRole('button', {name: 'Add patient'}).click()]);
        assert.equal(await page.getByRole('heading', {level: 1}).innerText(), NAME);
        await walk.check(page, 'patient-page-hebrew');
    });

    await walk.step('the patient list shows the name in a row of its own direction', async () => {
        await page.goto('/patients');
        const row = await patientRow(page, NAME);
        assert.equal(row.Record, RECORD, 'the record number keeps its order in its cell');
        const link = page.getByRole('link', {name: NAME, exact: true});
        assert.equal(await link.locator('bdi').count(), 1, 'the name is isolated');
        await walk.check(page, 'patient-list-hebrew');
    });

    await walk.step('a search for the Hebrew name keeps the count after the name', async () => {
        await page.goto('/patients?q=' + encodeURIComponent(FIRST_NAME));
        const heading = page.locator('#rest-title');
        assert.match(await heading.innerText(), /Patients matching/);
        const name = await textBox(page, '#rest-title', FIRST_NAME);
        const count = await textBox(page, '#rest-title .count', '1');
        assert.ok(name && count, 'the heading shows the query and the count');
        // The count is a badge (an inline block, neutral to the bidi algorithm), so this holds
        // with or without isolation; it guards the order, the bdi check above the isolation.
        assert.ok(count.left >= name.right,
                  `the count (x ${count.left}) is right of the name (ends at x ${name.right})`);
        await walk.check(page, 'patient-search-hebrew');
    });
});
