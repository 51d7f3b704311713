// The program builder, enhanced. Without this script every button posts the form and the
// server redraws it (move, remove, filter), and the guardrails show after each redraw; with it:
// - "Move up", "Move down" and "Remove" act at once, without a round trip, and keep the focus;
// - ticking an exercise of the catalog moves it into the program (at the end), unticking one
//   of the program moves it back;
// - each change of a dose asks the server to check the form (POST .../program/check, which
//   saves nothing) and shows its warnings and mistakes beside the fields they concern.
(function () {
    'use strict';

    var form = document.querySelector('form.program[data-check]');
    if (!form)
        return;
    var chosenList = form.querySelector('ol.chosen-list');
    var availableList = form.querySelector('ul.available-list');
    var count = document.getElementById('chosen-count');
    var programWarnings = document.getElementById('program-warnings');
    if (!chosenList || !availableList)
        return;

    // Read out what a move did (the list itself changes silently).
    var status = document.createElement('p');
    status.className = 'sr-only';
    status.setAttribute('role', 'status');
    form.appendChild(status);

    function rowName(row) {
        var label = row.querySelector('legend label');
        return label ? label.textContent.trim() : '';
    }

    function rows() {
        return Array.prototype.slice.call(chosenList.children);
    }

    function renumber() {
        var list = rows();
        list.forEach(function (row, i) {
            var position = row.querySelector('.position');
            if (position)
                position.textContent = String(i + 1);
            var order = row.querySelector('input[name$=".order"]');
            if (order)
                order.value = String(i + 1);
            var up = row.querySelector('[data-move=up]');
            var down = row.querySelector('[data-move=down]');
            if (up)
                up.disabled = i === 0;
            if (down)
                down.disabled = i === list.length - 1;
        });
        if (count)
            count.textContent = String(list.length);
        var empty = form.querySelector('.empty-program');
        if (empty)
            empty.hidden = list.length > 0;
    }

    function choose(row, chosen) {
        row.classList.toggle('chosen', chosen);
        row.classList.toggle('available', !chosen);
        var box = row.querySelector('legend input[type=checkbox]');
        box.checked = chosen;
        if (chosen)
            chosenList.appendChild(row);
        else
            availableList.insertBefore(row, availableList.firstChild);
        renumber();
    }

    form.addEventListener('click', function (event) {
        var button = event.target.closest('button[data-move]');
        if (!button)
            return;
        event.preventDefault();
        var row = button.closest('li.exercise');
        var move = button.getAttribute('data-move');
        var name = rowName(row);
        if (move === 'up' && row.previousElementSibling) {
            chosenList.insertBefore(row, row.previousElementSibling);
        } else if (move === 'down' && row.nextElementSibling) {
            chosenList.insertBefore(row.nextElementSibling, row);
        } else if (move === 'remove') {
            var next = row.nextElementSibling || row.previousElementSibling;
            choose(row, false);
            status.textContent = name + ': removed from the program';
            var focus = next ? next.querySelector('[data-move=remove]')
                             : document.getElementById('chosen-title');
            if (focus) {
                if (!next)
                    focus.setAttribute('tabindex', '-1');
                focus.focus();
            }
            check();
            return;
        }
        renumber();
        // A disabled button cannot keep the focus: the other way is the one still possible.
        var keep = button.disabled ? row.querySelector(move === 'up' ? '[data-move=down]'
                                                                     : '[data-move=up]')
                                   : button;
        keep.focus();
        status.textContent = name + ': position ' + (rows().indexOf(row) + 1) + ' of ' +
                             rows().length;
        check();
    });

    form.addEventListener('change', function (event) {
        var box = event.target;
        if (box.matches('li.exercise legend input[type=checkbox]')) {
            var row = box.closest('li.exercise');
            choose(row, box.checked);
            box.focus();
            status.textContent = rowName(row) + (box.checked ? ': added to the program, position ' +
                                                                rows().length
                                                             : ': removed from the program');
        }
        check();
    });

    // ---- The guardrails, checked by the server as the therapist types ------------------------
    var pending = null;
    var sequence = 0;

    function check() {
        window.clearTimeout(pending);
        pending = window.setTimeout(send, 250);
    }

    function send() {
        var asked = ++sequence;
        var body = new URLSearchParams(new FormData(form));
        fetch(form.getAttribute('data-check'), {method: 'POST', body: body,
                                                credentials: 'same-origin'})
            .then(function (answer) { return answer.ok ? answer.json() : null; })
            .then(function (result) {
                if (result && asked === sequence)
                    show(result);
            })
            .catch(function () {
                // Offline or signed out: the server checks again on save.
            });
    }

    function message(kind, id, text) {
        var p = document.createElement('p');
        p.className = kind === 'error' ? 'field-error' : 'field-warning';
        p.id = id;
        p.textContent = text;
        return p;
    }

    function show(result) {
        var byField = {};
        function collect(kind, list) {
            list.forEach(function (entry) {
                var slot = byField[entry.field] || (byField[entry.field] = {error: [], warning: []});
                slot[kind].push(entry.message);
            });
        }
        collect('error', result.errors || []);
        collect('warning', result.warnings || []);
        var fields = form.querySelectorAll('li.exercise .dose-field');
        for (var i = 0; i < fields.length; i++) {
            var field = fields[i];
            var control = field.querySelector('input, select');
            var old = field.querySelectorAll('.field-error, .field-warning');
            for (var k = 0; k < old.length; k++)
                old[k].remove();
            var row = field.closest('li.exercise');
            var found = row.classList.contains('chosen') ? byField[field.getAttribute('data-field')]
                                                         : null;
            var described = [];
            if (found && found.error.length) {
                field.appendChild(message('error', control.id + '-error', found.error.join('; ')));
                described.push(control.id + '-error');
                control.setAttribute('aria-invalid', 'true');
            } else {
                control.removeAttribute('aria-invalid');
            }
            if (found && found.warning.length && !found.error.length) {
                field.appendChild(message('warning', control.id + '-warning',
                                          found.warning.join('; ')));
                described.push(control.id + '-warning');
            }
            if (described.length)
                control.setAttribute('aria-describedby', described.join(' '));
            else
                control.removeAttribute('aria-describedby');
        }
        var each = form.querySelectorAll('li.exercise');
        for (var r = 0; r < each.length; r++) {
            each[r].classList.toggle('warned', !!each[r].querySelector('.field-warning'));
            each[r].classList.toggle('invalid', !!each[r].querySelector('.field-error'));
        }
        if (programWarnings) {
            programWarnings.textContent = '';
            var overall = (result.warnings || []).filter(function (w) { return w.field === 'items'; });
            if (overall.length) {
                var box = document.createElement('div');
                box.className = 'warning';
                box.setAttribute('role', 'note');
                var list = document.createElement('ul');
                overall.forEach(function (w) {
                    var item = document.createElement('li');
                    item.textContent = w.message;
                    list.appendChild(item);
                });
                box.appendChild(list);
                programWarnings.appendChild(box);
            }
        }
    }

    renumber();
})();
