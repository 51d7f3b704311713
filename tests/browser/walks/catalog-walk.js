// The exercise catalog as a therapist and a clinic admin use it: find an exercise by a Spanish
// word typed without its accent, read it in Spanish, start a program from a template; the
// admin copies a built-in exercise, adapts it and finds it in the catalog with its revision.
'use strict';

const assert = require('node:assert/strict');
const {Walk, DESKTOP} = require('../lib/Walk');
const {signIn} = require('../lib/portal');

Walk.run('catalog', async (walk) => {
    const clinic = await walk.context(DESKTOP);
    const page = await walk.page(clinic);

    await walk.step('the catalog opens from the menu and lists the built-in pack', async () => {
        await page.goto('/login');
        await signIn(page);
        await page.getByRole('navigation', {name: 'Main'}).getByRole('link', {name: 'Exercises'}).click();
        await page.waitForURL('**/catalog');
        assert.match(await page.locator('main').innerText(), /32 of 32 exercises/);
        await walk.check(page, 'catalog');
    });

    await walk.step('a Spanish word without its accent finds the exercise', async () => {
        await page.getByLabel('Name, in English or Spanish').fill('arbol');
        await page.getByLabel('Show the texts in').selectOption('es');
        await Promise.all([page.waitForURL('**/catalog?**'), page.getByRole('button', {name: 'Find'}).click()]);
        await page.getByRole('link', {name: 'Postura del árbol'}).click();
        await page.waitForURL('**/catalog/tree-pose?lang=es');
        assert.match(await page.locator('main').innerText(), /Apoye el pie en la pantorrilla/);
        await walk.check(page, 'catalog-exercise-es');
    });

    await walk.step('a template fills in the program builder', async () => {
        await page.goto('/patients');
        await page.locator('tbody tr a').first().click();
        await page.waitForURL(/\/patients\/\d+$/);
        const builder = page.url() + '/program';
        await page.goto(builder);
        await page.getByLabel(/^Template/).selectOption('desk-worker');
        await Promise.all([page.waitForURL('**template=desk-worker'),
                           page.getByRole('button', {name: 'Use this template'}).click()]);
        assert.equal(await page.locator('#ex-chin-tuck').isChecked(), true);
        await walk.check(page, 'program-builder-template');
    });

    await walk.step('the admin copies a built-in exercise, adapts it and saves it', async () => {
        await page.goto('/catalog/tree-pose');
        await page.getByRole('link', {name: 'Copy to adapt'}).click();
        await page.waitForURL('**/admin/exercises/new?from=tree-pose');
        await walk.check(page, 'exercise-copy');
        await page.locator('#id').fill('tree-pose-at-the-wall');
        await page.locator('[id="en.name"]').fill('Tree pose at the wall');
        await page.locator('[id="es.name"]').fill('Postura del árbol en la pared');
        await Promise.all([page.waitForURL('**/catalog/tree-pose-at-the-wall?saved=1'),
                           page.getByRole('button', {name: 'Add the exercise'}).click()]);
        assert.match(await page.getByRole('status').first().innerText(), /revision 1/);
        await walk.check(page, 'exercise-saved');
    });
});
