// Remakes the README's screenshots of the portal and the check-in page from the demo clinic:
//   node tests/browser/screenshots.js build/release/limber examples/screenshots
'use strict';

const path = require('node:path');
const {LimberServer} = require('./lib/LimberServer');
const {DESKTOP, PHONE, CHROMIUM, CHROMIUM_ARGS, chromium} = require('./lib/Walk');
const {signIn} = require('./lib/portal');

async function main() {
    const [binary, folder] = process.argv.slice(2);
    if (!binary || !folder)
        throw new Error('usage: node screenshots.js LIMBER_BINARY OUTPUT_FOLDER');
    const server = await LimberServer.start(binary);
    const browser = await chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS});
    try {
        const clinic = await browser.newContext({...DESKTOP, baseURL: server.url});
        const page = await clinic.newPage();
        await page.goto('/login');
        await signIn(page);
        await page.setViewportSize({width: 1280, height: 480});
        await page.mouse.move(0, 479);
        await page.screenshot({path: path.join(folder, 'portal-patients.png')});
        await page.setViewportSize(DESKTOP.viewport);

        await page.getByRole('link', {name: 'José Núñez-Åberg'}).click();
        await page.waitForURL(/\/patients\/\d+$/);
        const link = (await page.locator('.link-box code').innerText()).trim();
        await page.mouse.move(0, 799);
        await page.screenshot({path: path.join(folder, 'portal-patient.png'), fullPage: true});

        await page.goto('/patients/new');
        await page.getByLabel('Full name').fill('Renée Å. Löfgren');
        await page.getByLabel('First name').fill('Renée');
        await page.getByLabel('Record number').fill('BV-1042');
        await page.getByLabel('Handout and check-in language').selectOption('es');
        await page.getByRole('button', {name: 'Add patient'}).click();
        await page.getByRole('alert').waitFor();
        await page.mouse.move(0, 799);
        await page.screenshot({path: path.join(folder, 'new-patient-error.png')});

        await page.goto('/catalog?lang=es');
        await page.mouse.move(0, 799);
        await page.screenshot({path: path.join(folder, 'portal-catalog.png')});

        const phone = await browser.newContext({...PHONE, deviceScaleFactor: 1});
        const patient = await phone.newPage();
        await patient.goto(link);
        await patient.locator('input[type=checkbox]').first().check();
        await patient.screenshot({path: path.join(folder, 'checkin-phone.png'), fullPage: true});
    } finally {
        await browser.close();
        await server.stop();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
