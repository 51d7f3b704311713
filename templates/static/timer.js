// The check-in page's hold timer. An enhancement: without it the page is the same form, and
// the patient times the holds with a clock.
//
// Every exercise with a hold (a fieldset with data-hold) gets a "Start the timer" button. The
// timer counts each hold down, repetition by repetition; an each-side exercise alternates the
// sides with a "Switch sides" cue between them (or, with data-side-order="one-side-first", does
// every repetition on the left, then one "Switch sides" cue, then every one on the right), and
// a short rest ("Relax") separates the repetitions. Each change is shown in large type, read out (an aria-live region), and, when
// the patient allows it, marked by a short beep and a vibration. A finished timer ticks the
// exercise's boxes. Each exercise is folded once all its boxes are ticked (see "Folding what is
// done" below). The words come from the form's data-timer-* attributes, in the patient's
// language. One timer runs at a time. Time is read from Date.now(), so a timer paused by a
// phone that slept catches up instead of drifting.
(function () {
    'use strict';

    var form = document.querySelector('form[data-timer-start]');
    if (!form)
        return;
    var words = form.dataset;

    var GET_READY_SECONDS = 3;
    var SWITCH_SECONDS = 5;
    var RELAX_SECONDS = 5;
    var SECONDS_PER_BREATH = 6;
    var TICK_MS = 200;
    var SOUND_KEY = 'limber.timerSound';

    function fill(text, n, m) {
        return text.replace('{n}', n).replace('{m}', m);
    }

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className)
            node.className = className;
        if (text !== undefined)
            node.textContent = text;
        return node;
    }

    // ---- Sound and vibration, when the patient leaves them on -------------------------------
    var soundBox = null;
    var audio = null;

    function soundWanted() {
        return !soundBox || soundBox.checked;
    }

    function beep(times, frequency) {
        if (!soundWanted())
            return;
        try {
            var Context = window.AudioContext || window.webkitAudioContext;
            if (!Context)
                return;
            audio = audio || new Context();
            for (var i = 0; i < times; i++) {
                var start = audio.currentTime + i * 0.22;
                var tone = audio.createOscillator();
                var volume = audio.createGain();
                tone.frequency.value = frequency || 880;
                volume.gain.setValueAtTime(0.0001, start);
                volume.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
                volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
                tone.connect(volume);
                volume.connect(audio.destination);
                tone.start(start);
                tone.stop(start + 0.18);
            }
        } catch (ignored) {
            // No sound on this phone: the screen and the read-out still show each change.
        }
    }

    function vibrate(pattern) {
        if (soundWanted() && navigator.vibrate)
            navigator.vibrate(pattern);
    }

    // ---- Keeping the screen on while a timer runs, where the phone allows ------------------
    var wakeLock = null;

    function keepAwake(on) {
        if (on && !wakeLock && navigator.wakeLock && navigator.wakeLock.request) {
            navigator.wakeLock.request('screen').then(function (lock) {
                wakeLock = lock;
            }, function () {});
        } else if (!on && wakeLock) {
            wakeLock.release().catch(function () {});
            wakeLock = null;
        }
    }

    // ---- One exercise's timer ---------------------------------------------------------------
    var running = null;

    /// The steps of an exercise: get ready, then each repetition's hold on each side, with a
    /// switch between the sides and a rest between repetitions. One side first: all the
    /// repetitions on the left, one switch, then all on the right.
    function stepsOf(card) {
        var hold = parseInt(card.dataset.hold, 10);
        var breaths = card.dataset.unit === 'breaths';
        var seconds = breaths ? hold * SECONDS_PER_BREATH : hold;
        var reps = Math.max(1, parseInt(card.dataset.reps, 10) || 1);
        var rest = parseInt(card.dataset.rest, 10) || RELAX_SECONDS;
        var sides = card.dataset.eachSide ? [words.timerLeft, words.timerRight] : [''];
        var steps = [{kind: 'ready', seconds: GET_READY_SECONDS, side: sides[0], rep: 1}];
        function holdOf(side, rep) {
            return {kind: 'hold', seconds: seconds, side: side, rep: rep, reps: reps,
                    breaths: breaths ? hold : 0};
        }
        if (sides.length > 1 && card.dataset.sideOrder === 'one-side-first') {
            for (var s1 = 0; s1 < sides.length; s1++) {
                if (s1 > 0)
                    steps.push({kind: 'switch', seconds: SWITCH_SECONDS, side: sides[s1], rep: 1});
                for (var rep1 = 1; rep1 <= reps; rep1++) {
                    if (rep1 > 1)
                        steps.push({kind: 'relax', seconds: rest, side: sides[s1], rep: rep1});
                    steps.push(holdOf(sides[s1], rep1));
                }
            }
            return steps;
        }
        for (var rep = 1; rep <= reps; rep++) {
            for (var s = 0; s < sides.length; s++) {
                if (s > 0)
                    steps.push({kind: 'switch', seconds: SWITCH_SECONDS, side: sides[s], rep: rep});
                steps.push(holdOf(sides[s], rep));
            }
            if (rep < reps)
                steps.push({kind: 'relax', seconds: rest, side: sides[0], rep: rep + 1});
        }
        return steps;
    }

    function Timer(card) {
        this.card = card;
        this.steps = stepsOf(card);
        this.reps = Math.max(1, parseInt(card.dataset.reps, 10) || 1);
        this.build();
    }

    Timer.prototype.build = function () {
        var box = element('div', 'timer');
        var name = cardName(this.card);
        this.startButton = element('button', 'timer-start secondary', words.timerStart);
        this.startButton.type = 'button';
        this.startButton.appendChild(element('span', 'sr-only', ': ' + name));
        this.panel = element('div', 'timer-panel');
        this.panel.hidden = true;
        this.phase = element('p', 'timer-phase');
        this.phase.setAttribute('aria-live', 'assertive');
        this.count = element('p', 'timer-count');
        this.count.setAttribute('role', 'timer');
        this.number = element('span', 'timer-number', '');
        this.unit = element('span', 'timer-unit', '');
        this.count.appendChild(this.number);
        this.count.appendChild(this.unit);
        this.detail = element('p', 'timer-detail');
        this.bar = element('div', 'timer-bar');
        this.bar.setAttribute('aria-hidden', 'true');
        this.fillBar = element('span');
        this.bar.appendChild(this.fillBar);
        var actions = element('div', 'timer-actions');
        this.pauseButton = element('button', 'secondary', words.timerPause);
        this.pauseButton.type = 'button';
        this.stopButton = element('button', 'secondary', words.timerStop);
        this.stopButton.type = 'button';
        actions.appendChild(this.pauseButton);
        actions.appendChild(this.stopButton);
        this.panel.appendChild(this.phase);
        this.panel.appendChild(this.count);
        this.panel.appendChild(this.bar);
        this.panel.appendChild(this.detail);
        this.panel.appendChild(actions);
        this.done = element('p', 'timer-done');
        this.done.setAttribute('role', 'status');
        box.appendChild(this.startButton);
        box.appendChild(this.panel);
        box.appendChild(this.done);
        this.card.insertBefore(box, this.card.querySelector('.checks'));

        var self = this;
        this.startButton.addEventListener('click', function () { self.start(); });
        this.pauseButton.addEventListener('click', function () { self.togglePause(); });
        this.stopButton.addEventListener('click', function () { self.stop(true); });
    };

    function cardName(card) {
        var legend = card.querySelector('legend');
        return legend ? legend.textContent.trim() : '';
    }

    Timer.prototype.start = function () {
        if (running && running !== this)
            running.stop(false);
        running = this;
        this.index = -1;
        this.paused = false;
        this.done.textContent = '';
        this.startButton.hidden = true;
        this.panel.hidden = false;
        this.card.classList.add('timing');
        this.pauseButton.textContent = words.timerPause;
        this.pauseButton.focus();
        keepAwake(true);
        this.next();
        var self = this;
        this.interval = window.setInterval(function () { self.tick(); }, TICK_MS);
    };

    Timer.prototype.next = function () {
        this.index += 1;
        if (this.index >= this.steps.length) {
            this.finish();
            return;
        }
        var step = this.steps[this.index];
        this.endsAt = Date.now() + step.seconds * 1000;
        this.panel.className = 'timer-panel ' + step.kind;
        var side = step.side ? step.side + ' · ' : '';
        if (step.kind === 'ready') {
            this.phase.textContent = side + words.timerGetReady;
        } else if (step.kind === 'switch') {
            this.phase.textContent = '⇄ ' + words.timerSwitch + ': ' + step.side;
            beep(2, 660);
            vibrate([200, 100, 200]);
        } else if (step.kind === 'relax') {
            this.phase.textContent = words.timerRelax;
            beep(1, 520);
            vibrate(120);
        } else {
            this.phase.textContent = side + words.timerHold;
            beep(1, 880);
            vibrate(80);
        }
        this.detail.textContent = fill(words.timerRep, step.rep, this.reps);
        this.render();
    };

    Timer.prototype.remainingMs = function () {
        return this.paused ? this.pausedRemaining : Math.max(0, this.endsAt - Date.now());
    };

    Timer.prototype.render = function () {
        var step = this.steps[this.index];
        var remaining = this.remainingMs();
        var seconds = Math.ceil(remaining / 1000);
        if (step.kind === 'hold' && step.breaths) {
            var breathsLeft = Math.ceil(remaining / (SECONDS_PER_BREATH * 1000));
            this.number.textContent = String(breathsLeft);
            this.unit.textContent = ' ' + words.timerBreaths;
            this.detail.textContent = fill(words.timerRep, step.rep, this.reps) + ' · ' +
                fill(words.timerBreath, Math.min(step.breaths, step.breaths - breathsLeft + 1),
                     step.breaths);
        } else {
            this.number.textContent = String(seconds);
            this.unit.textContent = ' ' + words.timerSeconds;
        }
        var total = step.seconds * 1000;
        this.fillBar.style.width = (total > 0 ? 100 * (total - remaining) / total : 100) + '%';
    };

    Timer.prototype.tick = function () {
        if (this.paused)
            return;
        if (this.remainingMs() <= 0)
            this.next();
        else
            this.render();
    };

    Timer.prototype.togglePause = function () {
        if (this.paused) {
            this.paused = false;
            this.endsAt = Date.now() + this.pausedRemaining;
            this.pauseButton.textContent = words.timerPause;
            this.card.classList.remove('paused');
        } else {
            this.pausedRemaining = this.remainingMs();
            this.paused = true;
            this.pauseButton.textContent = words.timerResume;
            this.card.classList.add('paused');
        }
    };

    Timer.prototype.stop = function (focusStart) {
        window.clearInterval(this.interval);
        this.panel.hidden = true;
        this.startButton.hidden = false;
        this.card.classList.remove('timing', 'paused');
        if (running === this)
            running = null;
        keepAwake(false);
        if (focusStart)
            this.startButton.focus();
    };

    Timer.prototype.finish = function () {
        this.stop(true);
        var boxes = this.card.querySelectorAll('input[type=checkbox]');
        for (var i = 0; i < boxes.length; i++) {
            if (!boxes[i].checked) {
                boxes[i].checked = true;
                boxes[i].dispatchEvent(new Event('change', {bubbles: true}));
            }
        }
        this.done.textContent = '✓ ' + words.timerFinished;
        beep(3, 988);
        vibrate([300, 100, 300]);
    };

    // ---- Folding what is done -----------------------------------------------------------------
    // Each exercise is a <details> that the server folds when all its sides are ticked. Here the
    // fold follows the patient's own ticks: the summary says "Done" as soon as every box of the
    // exercise is ticked, and a tick by hand that completes it folds it away. A tick made by a
    // finished timer leaves it open, so the patient sees the timer's "Well done".
    function updateState(exercise, foldIfDone) {
        var boxes = exercise.querySelectorAll('input[type=checkbox]');
        var done = boxes.length > 0;
        for (var i = 0; i < boxes.length; i++)
            done = done && boxes[i].checked;
        var state = exercise.querySelector('.exercise-state');
        if (state)
            state.textContent = done ? state.getAttribute('data-done-text') : '';
        exercise.classList.toggle('all-done', done);
        if (done && foldIfDone) {
            var hadFocus = exercise.contains(document.activeElement);
            exercise.open = false;
            // The focus was on the box just ticked, now folded away: keep it on the exercise.
            if (hadFocus)
                exercise.querySelector('summary').focus();
        }
    }
    form.addEventListener('change', function (event) {
        var exercise = event.target.closest && event.target.closest('details.exercise');
        if (exercise && event.target.type === 'checkbox')
            updateState(exercise, event.isTrusted);
    });

    // ---- The page -----------------------------------------------------------------------------
    var cards = form.querySelectorAll('fieldset.exercise-check[data-hold]');
    if (!cards.length)
        return;
    // Beep and vibrate: a switch of the timer, drawn as one (a track with a knob and "On"/"Off"),
    // never as a tick box that could pass for an exercise's.
    soundBox = element('button', 'sound-switch');
    soundBox.type = 'button';
    soundBox.id = 'timer-sound';
    soundBox.setAttribute('role', 'switch');
    var soundState = element('span', 'sound-state');
    var soundKnob = element('span', 'sound-track');
    soundKnob.setAttribute('aria-hidden', 'true');
    soundBox.appendChild(element('span', 'sound-label', words.timerSound));
    soundBox.appendChild(soundKnob);
    soundBox.appendChild(soundState);
    function showSound(on) {
        soundBox.checked = on;
        soundBox.setAttribute('aria-checked', on ? 'true' : 'false');
        soundState.textContent = on ? words.timerSoundOn : words.timerSoundOff;
    }
    try {
        showSound(window.localStorage.getItem(SOUND_KEY) !== 'off');
    } catch (ignored) {
        showSound(true);
    }
    soundBox.addEventListener('click', function () {
        showSound(!soundBox.checked);
        try {
            window.localStorage.setItem(SOUND_KEY, soundBox.checked ? 'on' : 'off');
        } catch (ignored) {
            // Private browsing: the choice lasts as long as the page.
        }
    });
    var heading = form.querySelector('h2');
    form.insertBefore(soundBox, heading ? heading.nextSibling : form.firstChild);
    for (var i = 0; i < cards.length; i++)
        new Timer(cards[i]);
})();
