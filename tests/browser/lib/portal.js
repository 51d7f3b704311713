// What a therapist does again and again in the walks: sign in, find a patient, read a table.
'use strict';

const assert = require('node:assert/strict');

const DEMO_EMAIL = 'demo@limber.example';
const DEMO_PASSWORD = 'limber-demo';

/// Fills and sends the sign-in form on the page in front of the user; waits for the next page.
async function signIn(page, email = DEMO_EMAIL, password = DEMO_PASSWORD) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'),
                       page.getByRole('button', {name: 'Sign in'}).click()]);
}

/// The cells of the patient list's row for name, by column heading of the table it is in
/// (those needing attention, or everyone else).
async function patientRow(page, name) {
    const table = page.locator('table', {has: page.getByRole('link', {name, exact: true})});
    assert.equal(await table.count(), 1, `${name} is in one table of the patient list`);
    const headings = await table.locator('thead th').allInnerTexts();
    const row = table.locator('tbody tr', {has: page.getByRole('link', {name, exact: true})});
    assert.equal(await row.count(), 1, `one row for ${name} in the patient list`);
    const cells = await row.locator('td').allInnerTexts();
    return Object.fromEntries(headings.map((heading, i) => [heading.trim(), cells[i].trim()]));
}

/// Today's date as the portal writes it ("6 Dec 2026": the one English date style), in the
/// time zone the server and the browser share (the machine's, the default clinic.timeZone).
function today() {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov',
                    'Dec'];
    const now = new Date();
    return `${now.getDate()} ${months[now.getMonth()]} ${now.getFullYear()}`;
}

module.exports = {DEMO_EMAIL, DEMO_PASSWORD, signIn, patientRow, today};
