// Limber's only script. It is an enhancement: every page works the same without it.
//
// A page that answers a form with a mistake was reached by POST. Coming back to it later (Back)
// would make the browser offer to send the form again, or fail with "Confirm form
// resubmission". Replacing the history entry with the form's own address (the page's
// data-after-post) makes Back and Reload fetch the form page instead.
(function () {
    'use strict';
    var target = document.body && document.body.getAttribute('data-after-post');
    if (target && target.charAt(0) === '/' && window.history && window.history.replaceState)
        window.history.replaceState(null, '', target);
})();
