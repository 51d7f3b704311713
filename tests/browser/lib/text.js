// Checks on text that cannot pass by accident.
'use strict';

const assert = require('node:assert/strict');

/// Asserts that every one of parts occurs in text, each after the end of the one before it.
/// A missing part fails, naming it: indexOf's -1 never passes for "before" or "after".
///     assertInOrder(text, ['Doorway chest stretch', 'Hip hinge'], 'in the new order');
function assertInOrder(text, parts, what = 'in order') {
    assert.ok(parts.length >= 2, 'an order needs two parts or more');
    let from = 0;
    parts.forEach((part, i) => {
        assert.ok(part.length > 0, `${what}: part ${i} is empty`);
        assert.ok(text.includes(part), `${what}: "${part}" is missing`);
        const at = text.indexOf(part, from);
        assert.ok(at >= 0, `${what}: "${part}" comes before "${parts[i - 1]}", not after it`);
        from = at + part.length;
    });
}

module.exports = {assertInOrder};
