// Remakes the README's screenshots of the portal and the check-in page from the demo clinic:
//   node tests/browser/screenshots.js build/release/limber examples/screenshots
'use strict';

const path = require('node:path');
const {LimberServer} = require('./lib/LimberServer');
const {DESKTOP, PHONE, CHROMIUM, CHROMIUM_ARGS, chromium} = require('./lib/Walk');
const {signIn} = require('./lib/portal');

/// A screenshot of the page's top part (height px), the mouse parked out of the way.
async function top(page, file, height) {
    await page.setViewportSize({width: DESKTOP.viewport.width, height});
    await page.mouse.move(0, height - 1);
    await page.screenshot({path: file});
    await page.setViewportSize(DESKTOP.viewport);
}

async function main() {
    const [binary, folder] = process.argv.slice(2);
    if (!binary || !folder)
        throw new Error('usage: node screenshots.js LIMBER_BINARY OUTPUT_FOLDER');
    const out = (name) => path.join(folder, name);
    const server = await LimberServer.start(binary);
    const browser = await chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS});
    try {
        const clinic = await browser.newContext({...DESKTOP, baseURL: server.url});
        const page = await clinic.newPage();
        await page.goto('/login');
        await signIn(page);
        await top(page, out('portal-patients.png'), 760);

        await page.getByRole('link', {name: 'José Núñez-Åberg'}).first().click();
        await page.waitForURL(/\/patients\/\d+$/);
        const patientPath = new URL(page.url()).pathname;
        const link = (await page.locator('.link-box code').innerText()).trim();
        await top(page, out('portal-patient.png'), 1300); // down to the check-in link's QR code

        await page.goto(`${patientPath}/program`);
        // A guardrail beside its field, as the builder shows it while the therapist types.
        const sets = page.locator('#sets-hip-hinge-drill');
        await sets.fill('6');
        await sets.press('Tab');
        await page.locator('#sets-hip-hinge-drill-warning').waitFor();
        await page.locator('h1').click();
        await top(page, out('program-builder.png'), 1100);

        await page.goto('/patients/new');
        await page.getByLabel('Full name').fill('Renée Å. Löfgren');
        await page.getByLabel('First name').fill('Renée');
        await page.getByLabel('Record number').fill('BV-1042');
        await page.getByLabel('Handout and check-in language').selectOption('es');
        await page.getByRole('button', {name: 'Add patient'}).click();
        await page.getByRole('alert').waitFor();
        await top(page, out('new-patient-error.png'), 800);

        await page.goto('/catalog?lang=es');
        await top(page, out('portal-catalog.png'), 800);

        await page.goto('/patients');
        await page.getByRole('link', {name: 'Amara Silva'}).first().click();
        await page.waitForURL(/\/patients\/\d+$/);
        await page.goto(new URL(page.url()).pathname + '/report');
        await top(page, out('report-patient.png'), 1150);
        await page.goto('/reports/clinic');
        await top(page, out('report-clinic.png'), 1000);

        // The patient's phone: the first exercise done and folded, the next one opened to its
        // instructions; then the hold timer counting a hold down.
        const phone = await browser.newContext({...PHONE, deviceScaleFactor: 1});
        const patient = await phone.newPage();
        await patient.clock.install();
        await patient.goto(link);
        const exercises = patient.locator('details.exercise');
        for (const box of await exercises.first().locator('input[name=done]').all())
            await box.check();
        const howTo = exercises.nth(1).getByText('How to do it');
        await howTo.click();
        await patient.evaluate(() => window.scrollTo(0, 0));
        await patient.screenshot({path: out('checkin-phone-top.png')});
        await howTo.click();
        const card = patient.locator('details.exercise[open] fieldset.exercise-check[data-hold]').first();
        await card.getByRole('button', {name: /Start the timer/}).click();
        await patient.clock.runFor(3000 + 12000);
        await card.scrollIntoViewIfNeeded();
        await patient.screenshot({path: out('checkin-phone.png'), fullPage: false});
    } finally {
        await browser.close();
        await server.stop();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
